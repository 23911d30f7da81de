#pragma once
// What the stream codecs' fuzz targets share: a check that stops the run (libFuzzer reports
// the input), and a driver that feeds a decoder in pieces and collects what it yields.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace alarmd::fuzz {

inline void require(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

template <class Decoder>
auto run_stream(Decoder dec, std::span<const std::uint8_t> bytes, std::size_t chunk) {
    std::vector<typename decltype(dec.next())::value_type> out;
    while (!bytes.empty()) {
        const std::size_t n = dec.feed(bytes.first(std::min(chunk, bytes.size())));
        bytes = bytes.subspan(n);
        while (auto d = dec.next()) {
            out.push_back(std::move(*d));
        }
    }
    return out;
}

}  // namespace alarmd::fuzz
