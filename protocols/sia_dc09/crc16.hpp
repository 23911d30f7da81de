#pragma once
// CRC-16/ARC (poly 0x8005 reflected = 0xA001, init 0, no final XOR), the DC-09 frame CRC.
// Several public snippets claim CRC-16/CCITT; none of them matches real frames (brief §3).
#include <cstdint>
#include <string_view>

namespace alarmd::protocols::sia_dc09 {

[[nodiscard]] std::uint16_t crc16_arc(std::string_view bytes) noexcept;

}  // namespace alarmd::protocols::sia_dc09
