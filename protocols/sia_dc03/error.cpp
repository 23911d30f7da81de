#include "protocols/sia_dc03/error.hpp"

#include "protocols/common/error_category.hpp"

namespace alarmd::protocols::sia_dc03 {
namespace {

const char* describe(errc e) noexcept {
    switch (e) {
        case errc::bad_account:
            return "bad account part";
        case errc::bad_kind:
            return "event data does not start with N or O";
        case errc::bad_modifier:
            return "modifier without value";
        case errc::bad_code:
            return "bad event code";
        case errc::unterminated_text:
            return "name text without closing '^'";
        case errc::bad_block:
            return "unknown '|' block";
        case errc::too_many_events:
            return "too many events";
    }
    return "unknown SIA DC-03 error";
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const enum_category<errc> instance("alarmd.sia_dc03", describe);
    return instance;
}

error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace alarmd::protocols::sia_dc03
