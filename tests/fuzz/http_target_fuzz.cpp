// Request targets (path + query) as sent by any HTTP client.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/http/target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto t = alarmd::http::parse_target(
        std::string_view(reinterpret_cast<const char*>(data), size));
    for (const auto& s : t.segments) {
        if (s.empty()) {
            __builtin_trap();  // empty segments are skipped by design
        }
    }
    return 0;
}
