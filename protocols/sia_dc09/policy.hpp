#pragma once
// The receiver's response policy (brief §7): which outcome gets ACK, NAK, DUH or nothing, and
// the bytes of that answer.
#include <chrono>
#include <string>
#include <string_view>

#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/key_lookup.hpp"
#include "protocols/sia_dc09/validate.hpp"

namespace alarmd::protocols::sia_dc09 {

enum class response_kind { none, ack, nak, duh };

[[nodiscard]] std::string_view name(response_kind k) noexcept;  // "none", "ACK", "NAK", "DUH"

// §7 for one error:
//  - none: not_a_frame, truncated, frame_too_large (no complete frame: rule 1), not_a_request;
//  - DUH:  unsupported_token (rule 3), and any Contact ID or DC-03 payload error, since the
//          frame was valid but its data was not understood;
//  - NAK:  everything else (CRC/length, header, decryption, account, timestamp: rules 2 and 4).
[[nodiscard]] response_kind response_for(const error_code& ec) noexcept;

// The answer to one decoder result at receiver time `now`: validate()s a frame, and never
// answers anything whose header shows a receiver response (ACK, NAK, DUH, RSP), even when
// its CRC failed.
[[nodiscard]] response_kind decide(const decoded& d, std::chrono::system_clock::time_point now,
                                   const timestamp_window& window = {});

// decide() and append the answer: plain ACK (minimal form) or *ACK when the request was
// encrypted, NAK with `now`, DUH echoing the header. Returns what was appended. If the *ACK
// cannot be built (the key vanished from the lookup), a NAK is sent instead.
[[nodiscard]] response_kind answer(const decoded& d, std::chrono::system_clock::time_point now,
                                   const key_lookup& keys, const random_source& random,
                                   std::string& out, const timestamp_window& window = {});

}  // namespace alarmd::protocols::sia_dc09
