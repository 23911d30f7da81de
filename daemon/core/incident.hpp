#pragma once
// An incident: one or more correlated events that people act on, with its lifecycle
// open -> acknowledged -> on_site -> resolved -> reviewed (SPEC.md "Incident lifecycle").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/event.hpp"

namespace alarmd::core {

enum class incident_state { open, acknowledged, on_site, resolved, reviewed };
enum class outcome { none, real, false_alarm, test };

// A device zone (or point) that contributed to the incident.
struct incident_zone {
    std::string device;
    std::string zone;
    std::string code;
    std::string label;
    std::optional<int> floor;
    bool restored = false;
    int count = 0;
    time_point last_at;
};

// Who did a lifecycle step and when.
struct stamp {
    std::string by;
    time_point at;
};

struct incident {
    std::string id;
    category what = category::equipment;
    std::string family;
    std::string building;
    std::string unit;  // the affected unit, when the source names one (an intercom)
    int severity = 3;
    incident_state state = incident_state::open;
    outcome result = outcome::none;
    std::string note;
    std::string title;  // the first zone's label or the event text
    time_point opened_at;
    time_point updated_at;
    time_point last_event_at;  // grouping and dedupe windows slide on this
    int event_count = 0;
    std::vector<incident_zone> zones;
    std::vector<std::string> sources;  // distinct event sources folded in (cross-source confidence)
    std::vector<std::string> cameras;
    std::optional<stamp> acknowledged;
    std::optional<stamp> arrived;
    std::optional<stamp> resolved;
    std::optional<stamp> reviewed;
    std::optional<stamp> held;  // a manager held the resident notice

    [[nodiscard]] bool is_open() const {
        return state != incident_state::resolved && state != incident_state::reviewed;
    }
    [[nodiscard]] incident_zone* find_zone(std::string_view device, std::string_view zone);
};

[[nodiscard]] std::string_view to_string(incident_state s);
[[nodiscard]] std::string_view to_string(outcome o);
[[nodiscard]] std::optional<incident_state> parse_incident_state(std::string_view s);
[[nodiscard]] std::optional<outcome> parse_outcome(std::string_view s);

}  // namespace alarmd::core
