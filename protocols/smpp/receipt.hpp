#pragma once
// Delivery receipts: a deliver_sm whose esm_class says "SMSC delivery receipt" (3.4 §5.2.12),
// with the appendix B text in short_message (or message_payload)
//
//   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD
//   err:EEE text:...
//
// and, from many SMSCs, the receipted_message_id / message_state / network_error_code TLVs.
// The TLVs win over the text. The text is read by key, not by column: SMSCs add seconds to
// the dates, change the case of keys, leave fields out or reorder them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/common/result.hpp"
#include "protocols/smpp/pdu.hpp"

namespace alarmd::protocols::smpp {

// message_state TLV values (3.4 §5.3.2.35); the text's stat: maps onto them.
enum class message_state : std::uint8_t {
    enroute = 1,
    delivered = 2,
    expired = 3,
    deleted = 4,
    undeliverable = 5,
    accepted = 6,
    unknown = 7,
    rejected = 8,
};

// Every state but enroute (and accepted, which some SMSCs send before the final one) is final.
[[nodiscard]] constexpr bool is_final(message_state s) noexcept {
    return s != message_state::enroute && s != message_state::accepted;
}

// esm_class message type bits 2-5 (mask 0x3C).
inline constexpr std::uint8_t esm_class_type_mask = 0x3C;
inline constexpr std::uint8_t esm_class_delivery_receipt = 0x04;
inline constexpr std::uint8_t esm_class_intermediate_notification = 0x20;

// deliver_sm carrying a delivery receipt or an intermediate delivery notification.
[[nodiscard]] constexpr bool is_receipt(std::uint8_t esm_class) noexcept {
    const std::uint8_t type = esm_class & esm_class_type_mask;
    return type == esm_class_delivery_receipt || type == esm_class_intermediate_notification;
}

struct network_error {
    std::uint8_t type = 0;  // 1 ANSI-136, 2 IS-95, 3 GSM, ...
    std::uint16_t code = 0;

    friend bool operator==(const network_error&, const network_error&) = default;
};

struct receipt {
    std::string message_id;  // submit_sm_resp's message_id (see message_ids_match)
    message_state state = message_state::unknown;
    // err: as sent ("000", "0B3"): SMSCs disagree on decimal or hex, so it stays text.
    std::string err;
    std::optional<smpp::network_error> network_error;  // the TLV
    // The rest of the text, as sent; empty when absent.
    std::string sub;
    std::string dlvrd;
    std::string submit_date;  // YYMMDDhhmm or YYMMDDhhmmss
    std::string done_date;
    std::string text;  // text: to the end (the first characters of the message)

    friend bool operator==(const receipt&, const receipt&) = default;
};

// stat: values (DELIVRD, EXPIRED, DELETED, UNDELIV, ACCEPTD, UNKNOWN, REJECTD, ENROUTE, and
// the spelled-out DELIVERED, UNDELIVERABLE, ...; any case). nullopt for anything else.
[[nodiscard]] std::optional<message_state> state_from_stat(std::string_view stat) noexcept;

// The text alone. bad_receipt when it has no (non-empty) id:. A missing or unknown stat:
// gives message_state::unknown.
[[nodiscard]] result<receipt> parse_receipt_text(std::string_view text);

// A deliver_sm: not_a_receipt unless is_receipt(esm_class). The text is short_message, or
// message_payload when short_message is empty. receipted_message_id, message_state (1-8) and
// network_error_code TLVs override the text; with receipted_message_id the text may be missing
// or unparseable. bad_receipt when neither gives a message id.
[[nodiscard]] result<receipt> parse_receipt(const deliver_sm& m);

// Whether submit_sm_resp's id and a receipt's id name the same message: equal as text
// (ignoring case and leading zeros), or one read as hex equals the other read as decimal
// (SMSCs that answer in hex and report in decimal, or the reverse).
[[nodiscard]] bool message_ids_match(std::string_view submitted, std::string_view receipted);

}  // namespace alarmd::protocols::smpp
