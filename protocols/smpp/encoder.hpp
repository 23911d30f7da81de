#pragma once
// PDU encoder and the answers an ESME owes its SMSC.
#include <cstdint>
#include <optional>
#include <vector>

#include "protocols/common/result.hpp"
#include "protocols/smpp/pdu.hpp"

namespace alarmd::protocols::smpp {

// Appends the PDU: header (command_length from the real size, command_id from the body) and
// body. Errors, with nothing appended: string_too_long (a C-octet string above its field
// maximum or holding a NUL), bad_sm_length (short_message above 254 octets), bad_tlv (a TLV
// value above 65535 octets), bad_command_length (more than 4 GiB in all). A bind_*_resp or
// submit_sm_resp / deliver_sm_resp with a non-zero command_status and an empty body (empty
// string, no TLV) is written without body, as 3.4 says; everything parse_pdu accepts encodes
// back to the same bytes except a failure response carrying just "\0", which loses it.
[[nodiscard]] result<void> encode(const pdu& p, std::vector<std::uint8_t>& out);

// The response to a received request, same sequence number, with `command_status`:
// bind_* -> bind_*_resp (empty system_id), submit_sm / deliver_sm -> *_resp (empty
// message_id), enquire_link -> enquire_link_resp, unbind -> unbind_resp, a raw_body request
// -> generic_nack ESME_RINVCMDID (command_status ignored). Responses are not answered: nullopt.
[[nodiscard]] std::optional<pdu> make_response(const pdu& request,
                                               std::uint32_t command_status = status::esme_rok);

// generic_nack for a rejected PDU: nack_status(reason), the rejected header's sequence
// number. nullopt when the header could not be read (one-shot parse of fewer than 16 bytes).
[[nodiscard]] std::optional<pdu> make_generic_nack(const rejection& r);

}  // namespace alarmd::protocols::smpp
