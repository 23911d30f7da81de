#pragma once
// Why SMPP bytes, receipts or texts were rejected.
#include <cstdint>
#include <type_traits>

#include "protocols/common/result.hpp"

namespace alarmd::protocols::smpp {

enum class errc {
    // PDUs (decode unless noted)
    bad_command_length = 1,  // command_length below 16 or above limits::max_pdu_length
    truncated,               // one-shot parse: fewer bytes than the header or command_length
    trailing_bytes,          // one-shot parse: bytes after command_length
    short_body,              // the body ends inside a mandatory integer field
    unterminated_string,     // a C-octet string has no NUL before the body ends
    string_too_long,         // a C-octet string above its field's maximum; encode: or a NUL in it
    bad_sm_length,           // sm_length above 254, or beyond the body; encode: text above 254
    bad_tlv,                 // bytes after the mandatory fields are not whole TLVs (encode: >64K)
    unexpected_body,         // bytes after the header of a PDU that has no body
    // delivery receipts
    not_a_receipt,  // deliver_sm whose esm_class is not a delivery receipt
    bad_receipt,    // no message id in the receipted_message_id TLV or the text
    // texts
    invalid_utf8,       // the text to send is not valid UTF-8
    too_many_segments,  // the text needs more than 255 concatenated parts
    bad_encoding,       // short_message bytes not valid in their data_coding, or coding unsupported
};

[[nodiscard]] const boost::system::error_category& category() noexcept;
[[nodiscard]] error_code make_error_code(errc e) noexcept;

// The command_status of the generic_nack answering a PDU rejected for `reason` (3.4 §5.1.3):
// ESME_RINVOPTPARSTREAM for TLV errors, ESME_RINVMSGLEN for sm_length, ESME_RINVCMDLEN else.
[[nodiscard]] std::uint32_t nack_status(const error_code& reason) noexcept;

}  // namespace alarmd::protocols::smpp

template <>
struct boost::system::is_error_code_enum<alarmd::protocols::smpp::errc> : std::true_type {};
