#include "protocols/ami/error.hpp"

#include "protocols/common/error_category.hpp"

namespace alarmd::protocols::ami {
namespace {

const char* describe(decode_errc e) noexcept {
    switch (e) {
        case decode_errc::line_too_long:
            return "line above the limit";
        case decode_errc::block_too_large:
            return "block above the limit";
        case decode_errc::too_many_fields:
            return "more fields in a block than the limit";
        case decode_errc::bad_line:
            return "line without ':' in a block";
        case decode_errc::not_ami:
            return "not an Asterisk Manager Interface stream";
    }
    return "unknown AMI error";
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const enum_category<decode_errc> instance("alarmd.ami", describe);
    return instance;
}

error_code make_error_code(decode_errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace alarmd::protocols::ami
