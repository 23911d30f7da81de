// POST /v1/events bodies: any bytes give an event or a field error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/wire/event_body.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view body(reinterpret_cast<const char*>(data), size);
    auto r = alarmd::wire::parse_event_body(body);
    if (r) {
        (void)alarmd::core::format_time(r->occurred_at);
        (void)alarmd::core::escape_raw(body, 64);
    }
    return 0;
}
