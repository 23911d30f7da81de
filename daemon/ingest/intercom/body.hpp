#pragma once
// An intercom door station's message, POSTed to /v1/events by its gateway:
//   {"source":"intercom","device":"door-b3","event":"door_held_open","door":"east",
//    "occurred_at":"2026-11-24T06:58:20Z","text":"..."}
// mapped to the normalized event (README "Intercoms"). Pure: the API parses the body with this,
// then places, authorizes and ingests the event as it does every other.
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

#include "daemon/core/event.hpp"
#include "daemon/wire/event_body.hpp"
#include "protocols/common/result.hpp"

namespace alarmd::ingest {

// "I am alive": stores nothing, only restarts the device's supervision.
struct intercom_heartbeat {
    std::string device;
};

// An event to ingest (source intercom, device, zone, category, kind, code, severity, text and
// maybe occurred_at set; no id and no location yet), or a heartbeat.
using intercom_message = std::variant<core::event, intercom_heartbeat>;

// The zone of a door when the body names none.
inline constexpr std::string_view intercom_default_door = "door";

// Whether parse_intercom_body reads this body: "source": "intercom" with an `event`, or with
// neither `event` nor `category` (then it answers that `event` is required). An intercom body
// with `category` and no `event` is the generic body (wire::parse_event_fields).
[[nodiscard]] bool is_intercom_body(const boost::json::object& o);

// Field by field, so a bad body is a 400 naming the field: `device` required; `event` one of
// intercom_events(); `door` a zone id; `occurred_at` RFC 3339; `text` a string. `category`,
// `kind`, `code` and `zone` are refused beside `event` (it names them all; `door` is the zone).
[[nodiscard]] result<intercom_message, wire::field_error> parse_intercom_body(
    const boost::json::object& o, wire::event_limits lim = {});

// "emergency_button, door_forced, …, heartbeat": the values `event` may take, for messages.
[[nodiscard]] const std::string& intercom_events();

}  // namespace alarmd::ingest
