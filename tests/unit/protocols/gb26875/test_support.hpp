#pragma once
// Helpers of the GB/T 26875.3 codec tests: hex, the public vectors, and a decoder driver.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "protocols/gb26875/decoder.hpp"

namespace alarmd::protocols::gb26875::test {

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

struct public_vector {
    std::string name;
    std::vector<std::uint8_t> bytes;
    boost::json::object expect;
};

inline void PrintTo(const public_vector& v, std::ostream* os) {
    *os << v.name;
}

inline std::string text(const boost::json::value& v) {
    const boost::json::string& s = v.as_string();
    return std::string{s.data(), s.size()};
}

// tests/vectors/gb26875/<file>; `hex_key` is "hex" (frames) or "appdata_hex" (units).
inline std::vector<public_vector> load_vectors(const char* file, const char* hex_key) {
    std::vector<public_vector> out;
    std::ifstream in(std::string{ALARMD_VECTORS_DIR "/gb26875/"} + file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const boost::json::object obj = boost::json::parse(line).as_object();
        out.push_back(
            {text(obj.at("name")), hex_bytes(text(obj.at(hex_key))), obj.at("expect").as_object()});
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

}  // namespace alarmd::protocols::gb26875::test
