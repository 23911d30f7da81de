#include "protocols/contact_id/error.hpp"

#include "protocols/common/error_category.hpp"

namespace alarmd::protocols::contact_id {
namespace {

const char* describe(errc e) noexcept {
    switch (e) {
        case errc::bad_account:
            return "bad account part";
        case errc::bad_length:
            return "event is not QEEE GG CCC";
        case errc::bad_qualifier:
            return "qualifier is not 1, 3 or 6";
        case errc::bad_event_code:
            return "event code is not 3 digits";
        case errc::bad_separator:
            return "missing space between event, partition and zone";
        case errc::bad_partition:
            return "partition is not 2 digits";
        case errc::bad_zone:
            return "zone or user is not 3 digits";
    }
    return "unknown Contact ID error";
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const enum_category<errc> instance("alarmd.contact_id", describe);
    return instance;
}

error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace alarmd::protocols::contact_id
