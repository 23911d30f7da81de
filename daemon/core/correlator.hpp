#pragma once
// Correlation: decides what an event means for the open incidents (SPEC.md "Correlation
// rules"). Pure logic on in-memory state with `now` passed in; the pipeline persists what it
// returns and pushes it to guards. The state can be rebuilt from Redis with adopt().
//
// Work per event is O(1) in the size of its incident and in the number of open incidents: every
// lookup is a hash, the zone list is indexed, and what an incident put into the indexes is
// remembered so that resolving it drops exactly that.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "daemon/core/event.hpp"
#include "daemon/core/incident.hpp"
#include "daemon/core/string_keys.hpp"
#include "daemon/core/zone_state.hpp"

namespace alarmd::core {

struct correlation_windows {
    std::chrono::milliseconds dedupe{60000};
    std::chrono::milliseconds group{120000};
    std::chrono::milliseconds bypass_max{8 * 3600 * 1000};  // a bypass re-arms itself after this
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
    // What the event changed on `inc`, for a message that carries only that:
    const incident_zone* zone = nullptr;  // the zone that alarmed or restored (none past the
                                          // incident's zone ceiling); valid until the next event
    bool new_zone = false;                // the zone joined the incident with this event
    bool sources_changed = false;
    bool cameras_changed = false;
    bool severity_changed = false;
};

// Where an open incident stands in the queue: most severe first, then oldest, then by id.
struct urgency {
    int severity = 3;
    time_point opened_at;
    std::string id;

    friend auto operator<=>(const urgency&, const urgency&) = default;
};

class correlator {
public:
    explicit correlator(correlation_windows windows = {});

    // `new_incident_id` is used only when the verdict is `opened`.
    [[nodiscard]] correlation on_event(const event& ev, time_point now,
                                       const std::string& new_incident_id);
    // The same, with the id made only when an incident opens (most events fold into one).
    [[nodiscard]] correlation on_event(const event& ev, time_point now,
                                       const std::function<std::string()>& new_incident_id);

    // Re-inserts an open incident loaded from Redis at start (indexes rebuilt from its zones).
    void adopt(incident inc);
    // Drops a resolved incident from the open set and the indexes; returns it.
    [[nodiscard]] std::unique_ptr<incident> release(const std::string& id);

    [[nodiscard]] incident* find(std::string_view id);
    [[nodiscard]] std::size_t open_count() const { return open_.size(); }

    // Open incidents in queue order (most urgent first), starting after `after` (none: from the
    // first), at most `limit` of those `keep` accepts. O(limit + skipped) per call.
    template <class Keep>
    [[nodiscard]] std::vector<const incident*> queue(const std::optional<urgency>& after,
                                                     std::size_t limit, Keep keep) const;
    // Every open incident, in no particular order.
    template <class Fn>
    void for_each(Fn&& fn) const {
        for (const auto& [id, t] : open_) {
            fn(*t.inc);
        }
    }
    [[nodiscard]] static urgency urgency_of(const incident& inc) {
        return {inc.severity, inc.opened_at, inc.id};
    }

    [[nodiscard]] zone_table& zones() { return zones_; }
    [[nodiscard]] const zone_table& zones() const { return zones_; }
    void set_windows(correlation_windows w) { windows_ = w; }

private:
    struct window_entry {
        std::string incident_id;
        time_point last_at;
    };
    // An open incident and the index keys it wrote (dropped with it when it is released).
    struct tracked {
        std::unique_ptr<incident> inc;
        key_set dedupe_keys;
        key_set zone_keys;
        key_set group_keys;
    };

    correlation open_incident(const event& ev, time_point now, const std::string& id);
    correlation fold(tracked& t, const event& ev, time_point now, verdict v);
    correlation on_restore(const event& ev, time_point now);
    tracked* live(const window_entry* entry, time_point now, std::chrono::milliseconds window);
    tracked* open_call_target(const std::string& building);
    void index_zone(tracked& t, const incident_zone& z, time_point dedupe_at);
    void index_group(tracked& t, std::string_view device, std::string_view zone, time_point at);
    void track(tracked& t);

    correlation_windows windows_;
    key_map<tracked> open_;
    key_map<window_entry> dedupe_;        // device|zone|code
    key_map<window_entry> group_;         // building|family
    key_map<std::string> zone_incident_;  // device/zone -> incident id
    key_map<key_set> by_building_;
    // Where lookup keys are built (no allocation once grown).
    std::string dedupe_buf_;
    std::string group_buf_;
    std::string zone_buf_;
    std::set<urgency> queue_;
    zone_table zones_;
};

template <class Keep>
std::vector<const incident*> correlator::queue(const std::optional<urgency>& after,
                                               std::size_t limit, Keep keep) const {
    std::vector<const incident*> out;
    auto it = after ? queue_.upper_bound(*after) : queue_.begin();
    for (; it != queue_.end() && out.size() < limit; ++it) {
        const auto& inc = *open_.at(it->id).inc;
        if (keep(inc)) {
            out.push_back(&inc);
        }
    }
    return out;
}

}  // namespace alarmd::core
