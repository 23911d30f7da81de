#pragma once
// Helpers of the SMPP codec tests: hex, encoding a PDU, and a decoder driver.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/smpp/decoder.hpp"
#include "protocols/smpp/encoder.hpp"

namespace alarmd::protocols::smpp::test {

// "00 00 00 10" or "00000010": spaces ignored.
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

inline std::vector<std::uint8_t> bytes_of(std::string_view s) {
    return {s.begin(), s.end()};
}

// A bind with these credentials, the other fields at their defaults.
template <class Bind>
Bind make_bind(std::string system_id, std::string password = {}) {
    Bind b;
    b.system_id = std::move(system_id);
    b.password = std::move(password);
    return b;
}

inline std::vector<std::uint8_t> encoded(const pdu& p) {
    std::vector<std::uint8_t> out;
    EXPECT_TRUE(encode(p, out));
    return out;
}

inline std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> out;
    for (const auto& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

// Feeds `bytes` in pieces of `chunk` (the whole at once when 0) and collects what next() yields.
inline std::vector<decoded> run_stream(std::span<const std::uint8_t> bytes, std::size_t chunk,
                                       limits lim = {}) {
    decoder dec{lim};
    std::vector<decoded> out;
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

inline bool same(const decoded& a, const decoded& b) {
    if (a.has_value() != b.has_value()) {
        return false;
    }
    if (a) {
        return *a == *b;
    }
    const rejection ra = a.error();
    const rejection rb = b.error();
    return ra.reason == rb.reason && ra.header == rb.header;
}

}  // namespace alarmd::protocols::smpp::test
