#pragma once
// Correlation: decides what an event means for the open incidents (SPEC.md "Correlation
// rules"). Pure logic on in-memory state with `now` passed in; the pipeline persists what it
// returns and pushes it to guards. The state can be rebuilt from Redis with adopt().
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/core/event.hpp"
#include "daemon/core/incident.hpp"
#include "daemon/core/zone_state.hpp"

namespace alarmd::core {

struct correlation_windows {
    std::chrono::milliseconds dedupe{60000};
    std::chrono::milliseconds group{120000};
};

enum class verdict {
    opened,      // a new incident
    duplicate,   // same device + zone + code within the dedupe window: count + 1
    grouped,     // same building + category family within the group window: joined
    attached,    // a call from a building with an open incident: joined, confidence up
    restored,    // a restore marked the zone restored on its incident
    suppressed,  // from a bypassed or disarmed zone: recorded, not dispatched
    zone_changed,  // arm / disarm / bypass
    recorded,    // status, test, or a restore with no open incident: recorded only
};

[[nodiscard]] std::string_view to_string(verdict v);

struct correlation {
    verdict what = verdict::recorded;
    incident* inc = nullptr;  // the incident concerned (owned by the correlator), if any
    std::string reason;       // suppressed: zone_bypassed / zone_disarmed; recorded: why
};

class correlator {
public:
    explicit correlator(correlation_windows windows = {});

    // `new_incident_id` is used only when the verdict is `opened`.
    [[nodiscard]] correlation on_event(const event& ev, time_point now,
                                       const std::string& new_incident_id);

    // Re-inserts an open incident loaded from Redis at start (indexes rebuilt from its zones).
    void adopt(incident inc);
    // Drops a resolved incident from the open set and the indexes; returns it.
    [[nodiscard]] std::unique_ptr<incident> release(const std::string& id);

    [[nodiscard]] incident* find(std::string_view id);
    [[nodiscard]] std::vector<const incident*> open_incidents() const;  // oldest first
    [[nodiscard]] std::size_t open_count() const { return open_.size(); }

    [[nodiscard]] zone_table& zones() { return zones_; }
    [[nodiscard]] const zone_table& zones() const { return zones_; }
    void set_windows(correlation_windows w) { windows_ = w; }

private:
    struct window_entry {
        std::string incident_id;
        time_point last_at;
    };

    correlation open_incident(const event& ev, time_point now, const std::string& id);
    correlation fold(incident& inc, const event& ev, time_point now, verdict v);
    correlation on_restore(const event& ev, time_point now);
    incident* live(const window_entry* entry, time_point now, std::chrono::milliseconds window);
    incident* open_call_target(const std::string& building);
    void index(incident& inc, const event& ev, time_point now);

    correlation_windows windows_;
    std::map<std::string, std::unique_ptr<incident>, std::less<>> open_;
    std::unordered_map<std::string, window_entry> dedupe_;  // device|zone|code
    std::unordered_map<std::string, window_entry> group_;   // building|family
    std::unordered_map<std::string, std::string> zone_incident_;  // device|zone -> incident id
    zone_table zones_;
};

}  // namespace alarmd::core
