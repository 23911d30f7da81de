#include "protocols/sia_dc09/crc16.hpp"

#include <array>

namespace alarmd::protocols::sia_dc09 {
namespace {

// CRC-16/ARC a byte at a time: the table holds the eight shift-and-xor rounds of each byte
// value, so a frame costs one lookup per byte instead of eight branches (it runs for every
// frame received and every answer sent).
constexpr std::array<std::uint16_t, 256> make_table() {
    std::array<std::uint16_t, 256> t{};
    for (unsigned b = 0; b < 256; ++b) {
        auto crc = static_cast<std::uint16_t>(b);
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 1U) != 0 ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001U)
                                  : static_cast<std::uint16_t>(crc >> 1);
        }
        t[b] = crc;
    }
    return t;
}

constexpr auto table = make_table();

}  // namespace

std::uint16_t crc16_arc(std::string_view bytes) noexcept {
    std::uint16_t crc = 0;
    for (const char c : bytes) {
        crc = static_cast<std::uint16_t>((crc >> 8) ^
                                         table[(crc ^ static_cast<std::uint8_t>(c)) & 0xFFU]);
    }
    return crc;
}

}  // namespace alarmd::protocols::sia_dc09
