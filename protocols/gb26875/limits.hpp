#pragma once
// Resource bounds of the GB/T 26875.3 decoder.
#include <cstddef>

namespace alarmd::protocols::gb26875 {

// The standard's limit on the application data unit (brief §2).
inline constexpr std::size_t protocol_max_app_length = 1024;

// "@@" + control unit (25) + checksum + "##": a frame is this plus its application unit.
inline constexpr std::size_t frame_overhead = 30;

struct limits {
    // Largest accepted application unit. A length field above it is rejected (bad_length) as
    // soon as the control unit is in, without waiting for the bytes it announces.
    std::size_t max_app_length = protocol_max_app_length;
};

}  // namespace alarmd::protocols::gb26875
