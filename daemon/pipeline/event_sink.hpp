#pragma once
// What a source (ingest/sia, ingest/gb26875, the HTTP API, supervision) needs of the pipeline:
// hand it an event and hear whether it is durable, place an event on the site, and look at the
// open incidents once they are loaded. The pipeline implements it; a receiver depends on this
// header only, so adding a source touches neither the pipeline nor another source.
#include <functional>
#include <string>

#include "daemon/core/correlator.hpp"
#include "daemon/core/event.hpp"
#include "daemon/core/site_model.hpp"

namespace alarmd::pipeline {

struct ingest_result {
    std::string event_id;
    std::string incident_id;  // empty when the event belongs to no incident
    core::verdict what = core::verdict::recorded;
    std::string reason;
    bool stored = false;  // written to Redis before this answer
    // Stored, and Redis persists it (append-only file, fsync always or everysec): what the
    // answers call `durable`.
    bool durable = false;
};

using ingest_done = std::function<void(const ingest_result&)>;

class event_sink {
public:
    // `ev` comes with source, device, category, kind, code, zone, text and (maybe) occurred_at;
    // the sink gives it an id, receive time and location. `done` is called once.
    virtual void ingest(core::event ev, ingest_done done) = 0;
    // The configured devices, zones and points, to locate an event.
    [[nodiscard]] virtual const core::site_model& site() const = 0;
    // Every open incident (a source rebuilding its own view after a restart).
    virtual void for_each_open(const std::function<void(const core::incident&)>& fn) const = 0;
    // Runs `fn` once the open incidents are loaded from Redis (now, if they are).
    virtual void when_loaded(std::function<void()> fn) = 0;

protected:
    ~event_sink() = default;
};

}  // namespace alarmd::pipeline
