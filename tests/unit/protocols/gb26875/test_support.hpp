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

#include "tests/unit/protocols/codec_test_support.hpp"

#include <boost/json.hpp>

#include "protocols/gb26875/decoder.hpp"

namespace alarmd::protocols::gb26875::test {

using protocols::test::hex_bytes;
using protocols::test::hex_text;

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
    return protocols::test::run_decoder(dec, bytes, chunk);
}

}  // namespace alarmd::protocols::gb26875::test
