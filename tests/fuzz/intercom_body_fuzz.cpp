// Intercom bodies of POST /v1/events, read the way the API reads them: any bytes give an event,
// a heartbeat or a field error naming a field, never a crash; an event always has the device,
// a zone id and the intercom source.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "daemon/ingest/intercom/body.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using alarmd::fuzz::require;
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    auto doc = alarmd::wire::parse_json_object(body);
    if (!doc || !alarmd::ingest::is_intercom_body(*doc)) {
        return 0;
    }
    auto m = alarmd::ingest::parse_intercom_body(*doc);
    if (!m) {
        require(!m.error().field.empty() && !m.error().message.empty());
        return 0;
    }
    if (const auto* ev = std::get_if<alarmd::core::event>(&*m)) {
        require(!ev->device.empty() && !ev->zone.empty() && !ev->code.empty());
        require(ev->from == alarmd::core::source::intercom);
        require(alarmd::wire::is_zone_id(ev->zone));
        (void)alarmd::core::format_time(ev->occurred_at);
    } else {
        require(!std::get<alarmd::ingest::intercom_heartbeat>(*m).device.empty());
    }
    return 0;
}
