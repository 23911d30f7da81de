#pragma once
// Loads tests/vectors/sia-dc09/sia-dc09-public.jsonl (the public vectors, copied in).
#include <cstdint>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace alarmd::protocols::sia_dc09::test {

struct public_vector {
    std::string name;
    std::string input;  // the exact bytes received
    std::optional<std::vector<std::uint8_t>> key;
    boost::json::object expect;
};

// gtest prints parameters on failure; the name is enough.
inline void PrintTo(const public_vector& v, std::ostream* os) {
    *os << v.name;
}

// A JSON string's bytes (UTF-8), NULs included.
inline std::string text(const boost::json::value& v) {
    const boost::json::string& s = v.as_string();
    return std::string{s.data(), s.size()};
}

// The JSON text maps each character U+0000..U+00FF to one byte (latin-1).
inline std::string latin1_bytes(std::string_view utf8) {
    std::string out;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c < 0x80 || i + 1 >= utf8.size()) {
            out += static_cast<char>(c);
        } else {
            const auto next = static_cast<unsigned char>(utf8[++i]);
            out += static_cast<char>(((c & 0x1F) << 6) | (next & 0x3F));
        }
    }
    return out;
}

inline std::vector<public_vector> load_public_vectors() {
    std::vector<public_vector> out;
    std::ifstream in(ALARMD_VECTORS_DIR "/sia-dc09/sia-dc09-public.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const boost::json::object obj = boost::json::parse(line).as_object();
        public_vector v;
        v.name = text(obj.at("name"));
        if (const auto* hex = obj.if_contains("input_hex")) {
            const auto bytes = hex_bytes(text(*hex));
            v.input.assign(bytes.begin(), bytes.end());
        } else {
            v.input = latin1_bytes(text(obj.at("input")));
        }
        if (const auto* key = obj.if_contains("key")) {
            v.key = hex_bytes(text(*key));
        }
        v.expect = obj.at("expect").as_object();
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace alarmd::protocols::sia_dc09::test
