#include "protocols/sia_dc09/crc16.hpp"

namespace alarmd::protocols::sia_dc09 {

std::uint16_t crc16_arc(std::string_view bytes) noexcept {
    std::uint16_t crc = 0;
    for (const char c : bytes) {
        crc ^= static_cast<std::uint8_t>(c);
        for (int bit = 0; bit < 8; ++bit) {
            crc = (crc & 1U) != 0 ? static_cast<std::uint16_t>((crc >> 1) ^ 0xA001U)
                                  : static_cast<std::uint16_t>(crc >> 1);
        }
    }
    return crc;
}

}  // namespace alarmd::protocols::sia_dc09
