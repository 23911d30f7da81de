#pragma once
// The pipeline carries out what core/ decides: an event is correlated, pushed to guards at once
// (from memory, so Redis being away never delays or stops an alarm), then persisted; the caller
// hears whether it is durable. Lifecycle steps from guards and the API go through here too.
// Everything runs on the io_context thread.
//
// What goes out for an event does not grow with its incident: `incident.opened` carries the
// incident (its first zones inline), `incident.updated` only what changed, and Redis gets the
// incident's head and the one zone the event touched.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "daemon/config/config.hpp"
#include "daemon/core/correlator.hpp"
#include "daemon/core/id_generator.hpp"
#include "daemon/core/incident_lifecycle.hpp"
#include "daemon/core/site_model.hpp"
#include "daemon/pipeline/event_sink.hpp"
#include "daemon/store/incident_store.hpp"

namespace alarmd::notify {
class ws_hub;
}
namespace alarmd::sys {
struct metrics;
}

namespace alarmd::pipeline {

class escalation;

// error set: refused (why). Otherwise the incident after the step, answered once the step is
// written to Redis (durable: and Redis persists it), or could not be (kept in memory and
// written when Redis returns: durable false).
using act_done = std::function<void(std::optional<std::string> error,
                                    boost::json::object incident, bool durable)>;

// A page of the open-incident queue (most urgent first).
struct open_page {
    boost::json::array incidents;
    std::string next_cursor;  // empty: this was the last page
};

class pipeline final : public event_sink {
public:
    pipeline(config::snapshot cfg, store::incident_store& store, notify::ws_hub& hub,
             sys::metrics& m);

    // `ev` comes with source, device, category, kind, code, zone, text and (maybe) occurred_at;
    // the pipeline gives it an id, receive time and location.
    void ingest(core::event ev, ingest_done done) override;

    // A person's lifecycle step; refused when their role may not take it.
    void act(const std::string& incident_id, core::lifecycle_request req, act_done done);

    // A new config (SIGHUP): the site model and correlation windows from it.
    void reload(config::snapshot cfg);

    // Stages of opened incidents go to the scheduler (set once, before any event).
    void set_escalation(escalation* esc) { escalation_ = esc; }

    // An incident by id: open ones from memory, the others from Redis.
    void find_incident(const std::string& id,
                       std::function<void(std::optional<core::incident>)> done);

    // `hello`'s view of the queue: counts by state, the `limit` most urgent open incidents and
    // how many are open in all.
    [[nodiscard]] std::string queue_summary_text(std::size_t limit) const;
    // A page of open incidents in queue order after `cursor` (from a previous page; empty: the
    // first), those in `state` when given ("open" means every not yet resolved one).
    [[nodiscard]] std::optional<open_page> open_incidents(const std::string& cursor,
                                                          std::size_t limit,
                                                          const std::string& state) const;
    [[nodiscard]] std::optional<boost::json::object> open_incident_json(const std::string& id);
    // An open incident's zones in key order after `after`, at most `limit`; nullopt when the
    // incident is not open here.
    [[nodiscard]] std::optional<boost::json::array> open_incident_zones(const std::string& id,
                                                                        const std::string& after,
                                                                        std::size_t limit);
    [[nodiscard]] std::size_t open_count() const { return correlator_.open_count(); }
    [[nodiscard]] const core::site_model& site() const override { return site_; }
    // Re-arms the bypasses whose time is up, each with a `zone.changed` and a log line.
    void expire_bypasses(core::time_point now);
    // Zone records in key order after `after`, at most `limit`, of `mode` when given.
    [[nodiscard]] boost::json::array zones_page(const std::string& after, std::size_t limit,
                                                const std::string& mode) const;
    // Every open incident, for a component that rebuilds its own view (supervision).
    void for_each_open(const std::function<void(const core::incident&)>& fn) const override;

    // Redis is (back) up: write what could not be written, then read back the state (open
    // incidents, zones, last seq) so a restarted daemon carries on where it stopped. `ready` is
    // called once the seq and zone states are back (open incidents follow in chunks); events
    // that arrive before the first load has finished wait for it, so that they correlate with
    // every incident that was open.
    void on_redis_up(std::function<void()> ready = {});
    // Writes Redis refused, written again (the daemon calls this once a second while it is up):
    // at most `max_events` of the events held.
    static constexpr std::size_t all_unwritten = static_cast<std::size_t>(-1);
    void retry_unwritten(std::size_t max_events = 10000);
    // Runs `fn` once the first load of open incidents has finished (now, if it has).
    void when_loaded(std::function<void()> fn) override;
    // Runs `fn` when no load is under way (now, or when the current one ends, however it ends).
    void when_settled(std::function<void()> fn);
    [[nodiscard]] bool loaded() const { return loaded_; }
    // Events and incident changes held in memory because Redis could not take them yet.
    [[nodiscard]] std::size_t unwritten_events() const { return unwritten_events_.size(); }
    [[nodiscard]] std::size_t unwritten_incidents() const { return unwritten_incidents_.size(); }

    // What the last connect read of Redis's persistence (store/redis_persistence.hpp).
    void set_redis_durable(bool durable) { redis_durable_ = durable; }

private:
    // Zones out of service that `hello` carries at most (GET /v1/zones pages them all).
    static constexpr std::size_t hello_zones_max = 1000;

    void correlate(core::event ev, ingest_done done);
    // Pushes `zone.changed` for the record; its JSON, to store.
    std::string publish_zone(const std::string& key, const core::zone_record& rec);
    [[nodiscard]] std::string zones_text(std::size_t limit) const;
    void persist(store::event_write w, ingest_result result, ingest_done done);
    void remember_unwritten(store::incident_write w);
    void take_unwritten(store::incident_write& w);
    void finish_act(core::incident& inc, const core::lifecycle_request& req, act_done done,
                    std::unique_ptr<core::incident> owned);
    // A step core::apply has applied to `inc`: its version, timeline line, `incident.updated`
    // and log line, the same for a person's step and one taken by policy; returns the write.
    store::incident_write record_step(core::incident& inc, const core::lifecycle_request& req,
                                      core::incident_state before, core::time_point now);
    // After a restore of `inc`: resolves it when its policy says so (core/auto_resolve), into
    // the restore's write `w`; `result.reason` then says why.
    void auto_resolve(core::incident& inc, core::time_point now, store::incident_write& w,
                      ingest_result& result);
    void adopt(std::vector<store::stored_incident> chunk);
    void load_finished();
    void continue_seq(const store::loaded_state& s);

    config::snapshot cfg_;
    bool redis_durable_ = false;  // until the first connect has read the settings
    store::incident_store& store_;
    notify::ws_hub& hub_;
    sys::metrics& metrics_;
    core::site_model site_;
    core::correlator correlator_;
    core::id_generator ids_;
    escalation* escalation_ = nullptr;
    // Not yet in Redis: events in order, and every change of each incident they touched.
    std::deque<store::event_write> unwritten_events_;
    std::map<std::string, store::incident_write> unwritten_incidents_;
    static constexpr std::size_t unwritten_limit = 100000;
    std::size_t retries_in_flight_ = 0;  // writes of retry_unwritten() not answered yet
    // Before the first load has finished: events waiting to be correlated, and who waits.
    bool loaded_ = false;
    bool loading_ = false;
    std::deque<std::pair<core::event, ingest_done>> waiting_;
    std::vector<std::function<void()>> when_loaded_;
    std::vector<std::function<void()>> when_settled_;
};

}  // namespace alarmd::pipeline
