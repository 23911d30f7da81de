#pragma once
// SMPP 3.4 PDUs (the ESME side of the SMS path), and what the decoder returns when it rejects
// bytes.
//
//   command_length u32 | command_id u32 | command_status u32 | sequence_number u32 | body
//
// All integers are big-endian; command_length counts the whole PDU. A body is the mandatory
// fields in their fixed order (integers, C-octet strings ending in NUL, sm_length + octets),
// then optional TLVs (tlv.hpp). Commands the daemon does not use (query_sm, data_sm, outbind,
// ...) and unknown ids decode as a raw_body, so the session can answer them (generic_nack with
// ESME_RINVCMDID, or the command's own response).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "protocols/common/result.hpp"
#include "protocols/smpp/limits.hpp"
#include "protocols/smpp/tlv.hpp"

namespace alarmd::protocols::smpp {

// Any u32 is representable: unknown ids travel in raw_body.
enum class command_id : std::uint32_t {
    bind_receiver = 0x00000001,
    bind_transmitter = 0x00000002,
    submit_sm = 0x00000004,
    deliver_sm = 0x00000005,
    unbind = 0x00000006,
    bind_transceiver = 0x00000009,
    outbind = 0x0000000B,
    enquire_link = 0x00000015,
    generic_nack = 0x80000000,
    bind_receiver_resp = 0x80000001,
    bind_transmitter_resp = 0x80000002,
    submit_sm_resp = 0x80000004,
    deliver_sm_resp = 0x80000005,
    unbind_resp = 0x80000006,
    bind_transceiver_resp = 0x80000009,
    enquire_link_resp = 0x80000015,
};

inline constexpr std::uint32_t response_bit = 0x80000000;

[[nodiscard]] constexpr bool is_response(command_id id) noexcept {
    return (static_cast<std::uint32_t>(id) & response_bit) != 0;
}
// The id of the response to request `id` (generic_nack for generic_nack).
[[nodiscard]] constexpr command_id response_id(command_id id) noexcept {
    return static_cast<command_id>(static_cast<std::uint32_t>(id) | response_bit);
}

// command_status values the SMS path meets (3.4 §5.1.3).
namespace status {
inline constexpr std::uint32_t esme_rok = 0x00;
inline constexpr std::uint32_t esme_rinvmsglen = 0x01;
inline constexpr std::uint32_t esme_rinvcmdlen = 0x02;
inline constexpr std::uint32_t esme_rinvcmdid = 0x03;
inline constexpr std::uint32_t esme_rinvbndsts = 0x04;
inline constexpr std::uint32_t esme_ralybnd = 0x05;
inline constexpr std::uint32_t esme_rsyserr = 0x08;
inline constexpr std::uint32_t esme_rinvsrcadr = 0x0A;
inline constexpr std::uint32_t esme_rinvdstadr = 0x0B;
inline constexpr std::uint32_t esme_rbindfail = 0x0D;
inline constexpr std::uint32_t esme_rinvpaswd = 0x0E;
inline constexpr std::uint32_t esme_rinvsysid = 0x0F;
inline constexpr std::uint32_t esme_rmsgqful = 0x14;
inline constexpr std::uint32_t esme_rsubmitfail = 0x45;
inline constexpr std::uint32_t esme_rthrottled = 0x58;
inline constexpr std::uint32_t esme_rx_t_appn = 0x64;
inline constexpr std::uint32_t esme_rinvoptparstream = 0xC0;
inline constexpr std::uint32_t esme_rinvdcs = 0x104;
}  // namespace status

struct header {
    std::uint32_t command_length = 0;
    command_id id = command_id::generic_nack;
    std::uint32_t command_status = 0;
    std::uint32_t sequence_number = 0;

    friend bool operator==(const header&, const header&) = default;
};

// Reads the 16 header octets; nothing is checked.
[[nodiscard]] header read_header(std::span<const std::uint8_t, header_size> b) noexcept;

// bind_transmitter, bind_receiver, bind_transceiver (3.4 §4.1).
template <command_id Id>
struct basic_bind {
    static constexpr command_id id = Id;
    std::string system_id;    // <= 15 characters
    std::string password;     // <= 8
    std::string system_type;  // <= 12, often empty
    std::uint8_t interface_version = 0x34;
    std::uint8_t addr_ton = 0;
    std::uint8_t addr_npi = 0;
    std::string address_range;  // <= 40, usually empty
    tlv_list tlvs;              // 3.4 defines none here; kept if a peer sends some

    friend bool operator==(const basic_bind&, const basic_bind&) = default;
};

// bind_*_resp: the SMSC's system_id (+ sc_interface_version TLV). With a non-zero
// command_status the body may be missing: it decodes as empty and encodes as missing.
template <command_id Id>
struct basic_bind_resp {
    static constexpr command_id id = Id;
    std::string system_id;  // <= 15
    tlv_list tlvs;

    friend bool operator==(const basic_bind_resp&, const basic_bind_resp&) = default;
};

// submit_sm and deliver_sm share their mandatory fields (3.4 §4.4.1, §4.6.1).
template <command_id Id>
struct basic_sm {
    static constexpr command_id id = Id;
    std::string service_type;  // <= 5
    std::uint8_t source_addr_ton = 0;
    std::uint8_t source_addr_npi = 0;
    std::string source_addr;  // <= 20
    std::uint8_t dest_addr_ton = 0;
    std::uint8_t dest_addr_npi = 0;
    std::string destination_addr;  // <= 20
    std::uint8_t esm_class = 0;    // 0x40 UDHI; deliver_sm: 0x04 delivery receipt
    std::uint8_t protocol_id = 0;
    std::uint8_t priority_flag = 0;
    std::string schedule_delivery_time;    // "" or 16 characters (not checked beyond <= 16)
    std::string validity_period;           // "" or 16 characters
    std::uint8_t registered_delivery = 0;  // 1: receipt on final success or failure
    std::uint8_t replace_if_present_flag = 0;
    std::uint8_t data_coding = 0;  // 0 SMSC default (GSM 7-bit here), 8 UCS-2
    std::uint8_t sm_default_msg_id = 0;
    std::vector<std::uint8_t> short_message;  // <= 254 octets; sm_length is its size
    tlv_list tlvs;

    friend bool operator==(const basic_sm&, const basic_sm&) = default;
};

// submit_sm_resp: message_id (receipts refer to it); deliver_sm_resp: message_id unused (empty).
// With a non-zero command_status the body may be missing, as for basic_bind_resp.
template <command_id Id>
struct basic_sm_resp {
    static constexpr command_id id = Id;
    std::string message_id;  // <= 64
    tlv_list tlvs;

    friend bool operator==(const basic_sm_resp&, const basic_sm_resp&) = default;
};

// A header and no body: enquire_link(_resp), unbind(_resp), generic_nack.
template <command_id Id>
struct header_only {
    static constexpr command_id id = Id;

    friend bool operator==(const header_only&, const header_only&) = default;
};

// Any other command id: the body as received.
struct raw_body {
    command_id id = command_id::generic_nack;
    std::vector<std::uint8_t> body;

    friend bool operator==(const raw_body&, const raw_body&) = default;
};

using bind_transmitter = basic_bind<command_id::bind_transmitter>;
using bind_receiver = basic_bind<command_id::bind_receiver>;
using bind_transceiver = basic_bind<command_id::bind_transceiver>;
using bind_transmitter_resp = basic_bind_resp<command_id::bind_transmitter_resp>;
using bind_receiver_resp = basic_bind_resp<command_id::bind_receiver_resp>;
using bind_transceiver_resp = basic_bind_resp<command_id::bind_transceiver_resp>;
using submit_sm = basic_sm<command_id::submit_sm>;
using deliver_sm = basic_sm<command_id::deliver_sm>;
using submit_sm_resp = basic_sm_resp<command_id::submit_sm_resp>;
using deliver_sm_resp = basic_sm_resp<command_id::deliver_sm_resp>;
using enquire_link = header_only<command_id::enquire_link>;
using enquire_link_resp = header_only<command_id::enquire_link_resp>;
using unbind = header_only<command_id::unbind>;
using unbind_resp = header_only<command_id::unbind_resp>;
using generic_nack = header_only<command_id::generic_nack>;

using body = std::variant<enquire_link, enquire_link_resp, generic_nack, bind_transmitter,
                          bind_transmitter_resp, bind_receiver, bind_receiver_resp,
                          bind_transceiver, bind_transceiver_resp, submit_sm, submit_sm_resp,
                          deliver_sm, deliver_sm_resp, unbind, unbind_resp, raw_body>;

struct pdu {
    std::uint32_t command_status = 0;
    std::uint32_t sequence_number = 0;
    smpp::body body;

    // From the body's type (raw_body: its own id).
    [[nodiscard]] command_id id() const noexcept;

    friend bool operator==(const pdu&, const pdu&) = default;
};

// A rejection is data: the reason, and the header when it could be read, so the session can
// answer with generic_nack (nack_status(reason), same sequence_number).
struct rejection {
    error_code reason;
    std::optional<smpp::header> header;
};

// Note: in Boost 1.81, result::error() returns the rejection by value; bind it to a local.
using decoded = result<pdu, rejection>;

// Found by ADL when decoded::value() is called on a rejection: throws system_error(reason).
[[noreturn]] void throw_exception_from_error(const rejection& r, const boost::source_location& loc);

// One whole PDU, nothing before or after it. Checks in this order: at least 16 bytes
// (truncated), command_length within [16, limits] (bad_command_length), command_length bytes
// present (truncated), nothing after them (trailing_bytes), then the body.
[[nodiscard]] decoded parse_pdu(std::span<const std::uint8_t> bytes, const limits& lim = {});

namespace detail {

// The body of a PDU whose header is read and whose command_length is within limits.
[[nodiscard]] decoded parse_body(const header& h, std::span<const std::uint8_t> body);

}  // namespace detail
}  // namespace alarmd::protocols::smpp
