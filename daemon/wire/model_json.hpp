#pragma once
// The JSON shapes of the external contract for events and incidents: what the HTTP API returns,
// what guards receive over WebSocket, and what is stored in Redis (so a restart reads back
// exactly what it wrote).
#include <optional>
#include <string>
#include <vector>

#include <boost/json/fwd.hpp>

#include "daemon/core/event.hpp"
#include "daemon/core/incident.hpp"
#include "daemon/core/zone_state.hpp"

namespace alarmd::wire {

[[nodiscard]] boost::json::object to_json(const core::event& ev);
// The incident with its first `zones_inline` zones (0: none, the "head" stored in Redis beside
// a hash of its zones); `zone_count` always says how many there are.
[[nodiscard]] boost::json::object to_json(const core::incident& inc,
                                          std::size_t zones_inline = core::zones_inline);
[[nodiscard]] boost::json::object to_json(const core::incident_zone& z);
// A zone's arm / disarm / bypass record with its key ("device/zone", "device/*" for the whole
// device): {key, device, zone, mode, by, changed_at, event_id, reason, expires_at}. The same in
// Redis, in `zone.changed`, in hello and from GET /v1/zones.
[[nodiscard]] boost::json::object to_json(const std::string& key, const core::zone_record& rec);

// The incident's zones in key order ("device/zone") after `after`, at most `limit`.
[[nodiscard]] boost::json::array zones_page(const core::incident& inc, std::string_view after,
                                            std::size_t limit);

// The same shapes as JSON text, written directly (the per-event path: no tree is built).
[[nodiscard]] std::string event_text(const core::event& ev);
[[nodiscard]] std::string incident_text(const core::incident& inc,
                                        std::size_t zones_inline = core::zones_inline);
[[nodiscard]] std::string zone_text(const core::incident_zone& z);
// What an event changed on its incident, by the incident's own field names (a console merges
// them in): the counts and times always, severity / sources / cameras when they changed.
[[nodiscard]] std::string event_fields_text(const core::incident& inc, bool severity,
                                            bool sources, bool cameras);
// What a lifecycle step changed: state, outcome, note, the steps' stamps and times.
[[nodiscard]] boost::json::object lifecycle_fields(const core::incident& inc);

// Reads back what to_json wrote; nullopt when a field is missing or malformed. Zones past those
// given are counted from `zone_count`.
[[nodiscard]] std::optional<core::incident> incident_from_json(const boost::json::value& v);
[[nodiscard]] std::optional<core::incident_zone> zone_from_json(const boost::json::value& v,
                                                                core::time_point fallback_at);
// Adds a zone read back from storage unless the incident has it already.
void add_zone(core::incident& inc, core::incident_zone z);
// An incident as the store keeps it: its head (to_json without zones; an older full JSON with
// its zones is read too) and the JSON of each zone stored beside it.
[[nodiscard]] std::optional<core::incident> incident_from_stored(
    std::string_view head, const std::vector<std::string>& zones);
[[nodiscard]] std::optional<core::zone_record> zone_record_from_json(const boost::json::value& v);

}  // namespace alarmd::wire
