#pragma once
// Helpers of the SMPP codec tests: hex, encoding a PDU, and a decoder driver.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tests/unit/protocols/codec_test_support.hpp"

#include "protocols/smpp/decoder.hpp"
#include "protocols/smpp/encoder.hpp"

namespace alarmd::protocols::smpp::test {

using protocols::test::hex_bytes;
using protocols::test::hex_text;

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
    return protocols::test::run_decoder(dec, bytes, chunk);
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
