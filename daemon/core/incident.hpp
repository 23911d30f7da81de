#pragma once
// An incident: one or more correlated events that people act on, with its lifecycle
// open -> acknowledged -> on_site -> resolved -> reviewed (SPEC.md "Incident lifecycle").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/event.hpp"
#include "daemon/core/string_keys.hpp"

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
    int count = 0;     // alarms and repeats
    int restores = 0;  // restores: a flapping zone counts here, its timeline line is the first
    time_point last_at;
};

// Who did a lifecycle step and when.
struct stamp {
    std::string by;
    time_point at;
};

// The zones an incident keeps: a storm of a whole building is one incident with hundreds of
// zones, and a sender can name any zone, so there is a ceiling; zones past it are counted only.
inline constexpr std::size_t zones_max = 4096;
// Zones past zones_max are counted once each by key (a zone that alarms again is not a new
// zone); this many keys are remembered, and past them zone_count stops growing (a floor).
inline constexpr std::size_t zones_beyond_max = 4 * zones_max;
// How many zones the incident's JSON carries inline (messages, hello, the API); the rest are
// paged from GET /v1/incidents/ID/zones.
inline constexpr std::size_t zones_inline = 50;

// "device/zone": a zone's key in an incident (device ids never hold '/').
[[nodiscard]] std::string zone_key(std::string_view device, std::string_view zone);

struct incident {
    std::string id;
    std::uint64_t version = 0;  // +1 on every change; a console that sees a gap reloads it
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
    std::vector<incident_zone> zones;  // first seen first, at most zones_max
    std::size_t zones_beyond = 0;      // distinct zones seen past zones_max: counted, not kept
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
    // O(1): by the zone index (kept by add_zone and reindex).
    [[nodiscard]] incident_zone* find_zone(std::string_view device, std::string_view zone);
    // Appends a zone and indexes it; nullptr at zones_max, where a zone not seen before is
    // counted in zones_beyond (once: its key is remembered, up to zones_beyond_max keys).
    incident_zone* add_zone(incident_zone z);
    // Rebuilds the index (and the count of zones not restored) after `zones` was filled
    // directly (read back from storage).
    void reindex();
    [[nodiscard]] std::size_t zone_count() const { return zones.size() + zones_beyond; }
    // Marks a zone of this incident restored, or alarming again, keeping count of the zones not
    // restored so that "is everything restored?" is O(1) however many zones there are.
    void set_restored(incident_zone& z, bool restored);
    // Every zone is restored; never when zones went past zones_max (their restores are not
    // kept, so it cannot be told).
    [[nodiscard]] bool all_restored() const {
        return !zones.empty() && zones_beyond == 0 && unrestored_ == 0;
    }

private:
    key_map<std::size_t> zone_index_;  // zone_key -> position in zones
    // Keys of the zones counted in zones_beyond by this process. Not stored: after a restart a
    // zone counted before it is counted once more when it alarms again.
    key_set beyond_keys_;
    std::size_t unrestored_ = 0;       // zones whose `restored` is false
};

[[nodiscard]] std::string_view to_string(incident_state s);
[[nodiscard]] std::string_view to_string(outcome o);
[[nodiscard]] std::optional<incident_state> parse_incident_state(std::string_view s);
[[nodiscard]] std::optional<outcome> parse_outcome(std::string_view s);

}  // namespace alarmd::core
