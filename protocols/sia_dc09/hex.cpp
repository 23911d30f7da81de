#include "protocols/sia_dc09/hex.hpp"

namespace alarmd::protocols::sia_dc09::detail {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

bool is_hex(char c) noexcept {
    return hex_value(c) >= 0;
}

bool all_hex(std::string_view s) noexcept {
    for (const char c : s) {
        if (!is_hex(c)) {
            return false;
        }
    }
    return true;
}

std::optional<std::uint32_t> parse_hex_field(std::string_view s) noexcept {
    if (s.empty() || s.size() > 8) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (const char c : s) {
        const int v = hex_value(c);
        if (v < 0) {
            return std::nullopt;
        }
        value = (value << 4) | static_cast<std::uint32_t>(v);
    }
    return value;
}

std::optional<std::vector<std::uint8_t>> decode_hex(std::string_view s) {
    if (s.size() % 2 != 0) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> out;
    out.reserve(s.size() / 2);
    for (std::size_t i = 0; i < s.size(); i += 2) {
        const int hi = hex_value(s[i]);
        const int lo = hex_value(s[i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<std::uint8_t>((hi << 4) | lo));
    }
    return out;
}

void append_hex(std::span<const std::uint8_t> bytes, std::string& out) {
    static constexpr char digits[] = "0123456789ABCDEF";
    for (const std::uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0x0F];
    }
}

void append_hex_field(std::uint32_t value, int width, std::string& out) {
    static constexpr char digits[] = "0123456789ABCDEF";
    for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
        out += digits[(value >> shift) & 0x0F];
    }
}

}  // namespace alarmd::protocols::sia_dc09::detail
