#pragma once
// The JSON shapes of the external contract for events and incidents: what the HTTP API returns,
// what guards receive over WebSocket, and what is stored in Redis (so a restart reads back
// exactly what it wrote).
#include <optional>

#include <boost/json/fwd.hpp>

#include "daemon/core/event.hpp"
#include "daemon/core/incident.hpp"
#include "daemon/core/zone_state.hpp"

namespace alarmd::wire {

[[nodiscard]] boost::json::object to_json(const core::event& ev);
[[nodiscard]] boost::json::object to_json(const core::incident& inc);
[[nodiscard]] boost::json::object to_json(const core::zone_record& rec);

// Reads back what to_json wrote; nullopt when a field is missing or malformed.
[[nodiscard]] std::optional<core::incident> incident_from_json(const boost::json::value& v);
[[nodiscard]] std::optional<core::zone_record> zone_record_from_json(const boost::json::value& v);

}  // namespace alarmd::wire
