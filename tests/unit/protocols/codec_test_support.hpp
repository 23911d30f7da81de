#pragma once
// What the tests of every stream codec share: bytes written as hex, and a driver that feeds a
// decoder in pieces and collects what it yields (the same in any split is what they check).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::protocols::test {

// "40 40 01 00" or "40400100": spaces ignored.
inline std::vector<std::uint8_t> hex_bytes(std::string_view hex) {
    std::vector<std::uint8_t> out;
    std::string digits;
    for (const char c : hex) {
        if (c != ' ') {
            digits += c;
        }
    }
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2) {
        out.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    }
    return out;
}

inline std::string hex_text(std::span<const std::uint8_t> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

// Feeds `bytes` to `dec` in pieces of `chunk` (the whole at once when 0) and collects what
// next() yields.
template <class Decoder>
auto run_decoder(Decoder& dec, std::span<const std::uint8_t> bytes, std::size_t chunk) {
    std::vector<typename decltype(dec.next())::value_type> out;
    while (!bytes.empty()) {
        const std::size_t want = chunk == 0 ? bytes.size() : std::min(chunk, bytes.size());
        const std::size_t n = dec.feed(bytes.first(want));
        bytes = bytes.subspan(n);
        while (auto d = dec.next()) {
            out.push_back(std::move(*d));
        }
    }
    return out;
}

}  // namespace alarmd::protocols::test
