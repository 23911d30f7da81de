#include "protocols/gb26875/error.hpp"

#include "protocols/common/error_category.hpp"

namespace alarmd::protocols::gb26875 {
namespace {

const char* describe(errc e) noexcept {
    switch (e) {
        case errc::bad_start:
            return "frame does not start with @@";
        case errc::bad_end:
            return "frame does not end with ## where its length says";
        case errc::bad_checksum:
            return "checksum does not match";
        case errc::bad_length:
            return "application unit length above the limit, or bytes after ##";
        case errc::bad_command:
            return "reserved command byte";
        case errc::truncated:
            return "fewer bytes than the frame needs";
        case errc::app_size:
            return "application unit objects do not fill the unit";
        case errc::garbage:
            return "bytes before @@ skipped";
    }
    return "unknown GB/T 26875.3 error";
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const enum_category<errc> instance("alarmd.gb26875", describe);
    return instance;
}

error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

}  // namespace alarmd::protocols::gb26875
