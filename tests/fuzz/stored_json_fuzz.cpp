// JSON read back from Redis (an incident, a zone record): whatever bytes the store holds, the
// readers give a value or nothing, never a crash. An incident that reads back writes out and
// reads back again the same (the store's round trip is stable).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "daemon/wire/model_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    boost::json::error_code ec;
    auto doc = boost::json::parse(text, ec);
    if (ec) {
        return 0;
    }
    if (auto inc = alarmd::wire::incident_from_json(doc)) {
        const auto once = alarmd::wire::to_json(*inc);
        auto again = alarmd::wire::incident_from_json(once);
        if (!again || boost::json::serialize(alarmd::wire::to_json(*again)) !=
                          boost::json::serialize(once)) {
            __builtin_trap();
        }
    }
    if (auto zone = alarmd::wire::zone_record_from_json(doc)) {
        auto again = alarmd::wire::zone_record_from_json(alarmd::wire::to_json("d/z", *zone));
        if (!again || again->mode != zone->mode || again->by != zone->by ||
            again->reason != zone->reason ||
            again->expires_at.has_value() != zone->expires_at.has_value()) {
            __builtin_trap();
        }
    }
    return 0;
}
