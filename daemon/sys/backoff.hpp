#pragma once
// Reconnect back-off of the outbound clients (the SMPP gateway, the Asterisk manager client):
// `first` after the first failure, then doubling up to `ceiling`.
#include <algorithm>
#include <chrono>

namespace alarmd::sys {

// The wait after a failure, given the wait before it (zero: none yet, the connection was up).
[[nodiscard]] constexpr std::chrono::milliseconds next_backoff(std::chrono::milliseconds current,
                                                               std::chrono::milliseconds first,
                                                               std::chrono::milliseconds ceiling) {
    return std::min(ceiling, current.count() == 0 ? first : current * 2);
}

}  // namespace alarmd::sys
