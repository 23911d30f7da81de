#include "daemon/ingest/intercom/body.hpp"

#include <array>
#include <optional>

namespace alarmd::ingest {

namespace {

using core::category;
using core::event_kind;
using wire::field_error;

// Which zone an event is about: the door it names (default "door"), or a fixed one.
enum class zone_rule { door, forced_door, fixed };

struct mapping {
    std::string_view event;
    category what;
    event_kind kind;
    zone_rule rule;
    std::string_view zone;  // fixed: the zone
    std::string_view text;  // when the body has none: what a guard reads
};

// A forced door is its own zone ("east.forced"): the door's closing does not restore it, so an
// incident holding a forced door never resolves itself. Offline / online use zone "link", apart
// from link supervision's "" (the gateway's word and alarmd's own silence timer are two facts).
constexpr std::array<mapping, 8> mappings{{
    {"emergency_button", category::intercom_emergency, event_kind::alarm, zone_rule::fixed, "sos",
     "紧急呼叫按钮 emergency button"},
    {"door_forced", category::door, event_kind::alarm, zone_rule::forced_door, "",
     "门被强行打开 door forced open"},
    {"door_held_open", category::door, event_kind::alarm, zone_rule::door, "",
     "门禁延时未关门 door held open"},
    {"door_closed", category::door, event_kind::restore, zone_rule::door, "",
     "门已关闭 door closed"},
    {"tamper", category::tamper, event_kind::alarm, zone_rule::fixed, "tamper", "防拆报警 tamper"},
    {"tamper_restore", category::tamper, event_kind::restore, zone_rule::fixed, "tamper",
     "防拆恢复 tamper restored"},
    {"offline", category::comm_fault, event_kind::fault, zone_rule::fixed, "link",
     "门口机离线 door station offline"},
    {"online", category::comm_fault, event_kind::fault_restore, zone_rule::fixed, "link",
     "门口机上线 door station online"},
}};

constexpr std::string_view heartbeat_event = "heartbeat";

[[nodiscard]] const mapping* find_mapping(std::string_view name) {
    for (const auto& m : mappings) {
        if (m.event == name) {
            return &m;
        }
    }
    return nullptr;
}

[[nodiscard]] bool has_value(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && !v->is_null();
}

[[nodiscard]] std::optional<field_error> refuse_generic_fields(const boost::json::object& o) {
    for (const std::string_view key : {"category", "kind", "code", "zone"}) {
        if (has_value(o, key)) {
            return field_error{std::string(key),
                               key == "zone" ? "not used with `event`: name the door in `door`"
                                             : "not used with `event`: the event names it"};
        }
    }
    return std::nullopt;
}

}  // namespace

const std::string& intercom_events() {
    static const std::string names = [] {
        std::string out;
        for (const auto& m : mappings) {
            out.append(m.event).append(", ");
        }
        return out.append(heartbeat_event);
    }();
    return names;
}

bool is_intercom_body(const boost::json::object& o) {
    const auto* source = o.if_contains("source");
    if (source == nullptr || !source->is_string() || source->as_string() != "intercom") {
        return false;
    }
    return has_value(o, "event") || !has_value(o, "category");
}

result<intercom_message, field_error> parse_intercom_body(const boost::json::object& o,
                                                          wire::event_limits lim) {
    auto device = wire::optional_string(o, "device", lim.max_id);
    if (!device) {
        return device.error();
    }
    if (device->empty()) {
        return field_error{"device", "required (the door station's device id)"};
    }
    auto name = wire::optional_string(o, "event", lim.max_id);
    if (!name) {
        return name.error();
    }
    if (name->empty()) {
        return field_error{"event", "required: " + intercom_events()};
    }
    const mapping* m = find_mapping(*name);
    if (m == nullptr && *name != heartbeat_event) {
        return field_error{"event", "unknown event '" + *name + "' (" + intercom_events() + ")"};
    }
    if (auto refused = refuse_generic_fields(o)) {
        return *refused;
    }
    auto door = wire::optional_string(o, "door", lim.max_id);
    if (!door) {
        return door.error();
    }
    if (!wire::is_zone_id(*door)) {
        return field_error{"door", "a door id is letters, digits, '-', '_', '.' or '/'"};
    }
    auto text = wire::optional_string(o, "text", lim.max_text);
    if (!text) {
        return text.error();
    }
    auto occurred = wire::optional_string(o, "occurred_at", lim.max_id);
    if (!occurred) {
        return occurred.error();
    }
    std::optional<core::time_point> at;
    if (!occurred->empty()) {
        at = core::parse_time(*occurred);
        if (!at) {
            return field_error{"occurred_at", "not an RFC 3339 time: '" + *occurred + "'"};
        }
    }
    if (m == nullptr) {
        return intercom_message{intercom_heartbeat{std::move(*device)}};
    }

    core::event ev;
    ev.from = core::source::intercom;
    ev.device = std::move(*device);
    ev.what = m->what;
    ev.kind = m->kind;
    ev.code = std::string(m->event);
    ev.severity = core::default_severity(m->what);
    const std::string the_door = door->empty() ? std::string(intercom_default_door) : *door;
    switch (m->rule) {
        case zone_rule::door:
            ev.zone = the_door;
            break;
        case zone_rule::forced_door:
            ev.zone = the_door + ".forced";
            break;
        case zone_rule::fixed:
            ev.zone = std::string(m->zone);
            break;
    }
    ev.text = text->empty() ? std::string(m->text) : std::move(*text);
    if (at) {
        ev.occurred_at = *at;
    }
    return intercom_message{std::move(ev)};
}

}  // namespace alarmd::ingest
