#pragma once
// The id token of a frame ("SIA-DCS", "ADM-CID", ...), without quotes and without the '*'
// that marks encryption.
#include <string_view>

namespace alarmd::protocols::sia_dc09 {

enum class message_type {
    sia_dcs,       // SIA DC-03 data
    adm_cid,       // Contact ID (DC-05) data
    null_message,  // link supervision poll
    ack,           // receiver responses from here on: parsed, never answered
    nak,
    duh,
    rsp,
    other,  // a token this receiver does not handle: answered with DUH
};

[[nodiscard]] message_type classify(std::string_view id) noexcept;

// Panel -> receiver messages that this receiver accepts.
[[nodiscard]] bool is_event(message_type t) noexcept;
// Receiver -> panel frames.
[[nodiscard]] bool is_response(message_type t) noexcept;

}  // namespace alarmd::protocols::sia_dc09
