#pragma once
// The pipeline carries out what core/ decides: an event is correlated, pushed to guards at once
// (from memory, so Redis being away never delays or stops an alarm), then persisted; the caller
// hears whether it is durable. Lifecycle steps from guards and the API go through here too.
// Everything runs on the io_context thread.
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
#include "daemon/store/incident_store.hpp"

namespace alarmd::notify {
class ws_hub;
}
namespace alarmd::sys {
struct metrics;
}

namespace alarmd::pipeline {

class escalation;

struct ingest_result {
    std::string event_id;
    std::string incident_id;  // empty when the event belongs to no incident
    core::verdict what = core::verdict::recorded;
    std::string reason;
    bool durable = false;  // written to Redis before this answer
};

using ingest_done = std::function<void(const ingest_result&)>;
// error set: refused (why); otherwise the incident after the step.
using act_done =
    std::function<void(std::optional<std::string> error, boost::json::object incident)>;

class pipeline {
public:
    pipeline(const config::config& cfg, store::incident_store& store, notify::ws_hub& hub,
             sys::metrics& m);

    // `ev` comes with source, device, category, kind, code, zone, text and (maybe) occurred_at;
    // the pipeline gives it an id, receive time and location.
    void ingest(core::event ev, ingest_done done);

    // A person's lifecycle step; refused when their role may not take it.
    void act(const std::string& incident_id, core::lifecycle_request req, act_done done);

    // The config was replaced in place (SIGHUP): rebuild what points into it.
    void reload();

    // Stages of opened incidents go to the scheduler (set once, before any event).
    void set_escalation(escalation* esc) { escalation_ = esc; }

    // An incident by id: open ones from memory, the others from Redis.
    void find_incident(const std::string& id,
                       std::function<void(std::optional<core::incident>)> done);

    [[nodiscard]] boost::json::array open_incidents_json() const;
    [[nodiscard]] std::optional<boost::json::object> open_incident_json(const std::string& id);
    [[nodiscard]] std::size_t open_count() const { return correlator_.open_count(); }
    [[nodiscard]] const core::site_model& site() const { return site_; }

    // Redis is (back) up: write what could not be written, then read back the state (open
    // incidents, zones, last seq) so a restarted daemon carries on where it stopped.
    void on_redis_up(std::function<void()> loaded = {});

private:
    void persist(store::event_write w, ingest_result result, ingest_done done);
    void publish_incident(std::string_view type, const core::incident& inc,
                          boost::json::object extra);
    [[nodiscard]] store::incident_write snapshot(const core::incident& inc,
                                                 std::vector<std::string> timeline) const;
    void finish_act(core::incident& inc, const core::lifecycle_request& req, act_done done,
                    std::unique_ptr<core::incident> owned);

    const config::config& cfg_;
    store::incident_store& store_;
    notify::ws_hub& hub_;
    sys::metrics& metrics_;
    core::site_model site_;
    core::correlator correlator_;
    core::id_generator ids_;
    escalation* escalation_ = nullptr;
    // Not yet in Redis: events in order, and the newest snapshot of each incident they touched.
    std::deque<store::event_write> unwritten_events_;
    std::map<std::string, store::incident_write> unwritten_incidents_;
    static constexpr std::size_t unwritten_limit = 100000;
};

}  // namespace alarmd::pipeline
