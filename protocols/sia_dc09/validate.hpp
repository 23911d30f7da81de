#pragma once
// Checks on a decoded frame that need the receiver clock or the receiver's capabilities.
#include <chrono>

#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/frame.hpp"

namespace alarmd::protocols::sia_dc09 {

// Accept when now - before <= timestamp <= now + after (PYS allowed_timeband=(40, 20); IOB
// "+20 or -40 seconds").
struct timestamp_window {
    std::chrono::seconds before{40};
    std::chrono::seconds after{20};
};

// not_a_request for receiver responses, unsupported_token for tokens other than SIA-DCS,
// ADM-CID and NULL, missing_timestamp for an encrypted frame without one, stale_timestamp /
// future_timestamp outside the window. A plain frame without timestamp is not window-checked.
[[nodiscard]] result<void> validate(const frame& f, std::chrono::system_clock::time_point now,
                                    const timestamp_window& window = {});

}  // namespace alarmd::protocols::sia_dc09
