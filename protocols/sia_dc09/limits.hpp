#pragma once
// Resource bounds of the SIA DC-09 decoder: every buffer and list it grows has a cap here.
#include <cstddef>

namespace alarmd::protocols::sia_dc09 {

// The length field is '0' + 3 hex digits, so no valid frame body is longer than this.
inline constexpr std::size_t protocol_max_body_size = 0xFFF;

struct limits {
    // Bytes counted by the length field (opening '"' to the byte before CR). Values above
    // protocol_max_body_size are treated as protocol_max_body_size.
    std::size_t max_body_size = protocol_max_body_size;
    // [x] extended data blocks per frame (SDN sends three identical [X...] blocks).
    std::size_t max_extended_blocks = 32;
};

}  // namespace alarmd::protocols::sia_dc09
