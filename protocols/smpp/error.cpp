#include "protocols/smpp/error.hpp"

#include "protocols/common/error_category.hpp"
#include "protocols/smpp/pdu.hpp"

namespace alarmd::protocols::smpp {
namespace {

const char* describe(errc e) noexcept {
    switch (e) {
        case errc::bad_command_length:
            return "command_length below the header size or above the limit";
        case errc::truncated:
            return "fewer bytes than the PDU needs";
        case errc::trailing_bytes:
            return "bytes after command_length";
        case errc::short_body:
            return "body ends inside a mandatory field";
        case errc::unterminated_string:
            return "C-octet string without NUL";
        case errc::string_too_long:
            return "C-octet string above its field maximum";
        case errc::bad_sm_length:
            return "sm_length above 254 or beyond the body";
        case errc::bad_tlv:
            return "optional parameters are not whole TLVs";
        case errc::unexpected_body:
            return "body in a PDU that has none";
        case errc::not_a_receipt:
            return "deliver_sm is not a delivery receipt";
        case errc::bad_receipt:
            return "delivery receipt without message id";
        case errc::invalid_utf8:
            return "text is not valid UTF-8";
        case errc::too_many_segments:
            return "text needs more than 255 parts";
        case errc::bad_encoding:
            return "short_message not valid in its data_coding";
    }
    return "unknown SMPP error";
}

}  // namespace

const boost::system::error_category& category() noexcept {
    static const enum_category<errc> instance("alarmd.smpp", describe);
    return instance;
}

error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), category()};
}

std::uint32_t nack_status(const error_code& reason) noexcept {
    if (reason == errc::bad_tlv) {
        return status::esme_rinvoptparstream;
    }
    if (reason == errc::bad_sm_length) {
        return status::esme_rinvmsglen;
    }
    return status::esme_rinvcmdlen;
}

}  // namespace alarmd::protocols::smpp
