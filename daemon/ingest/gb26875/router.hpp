#pragma once
// What a decoded GB/T 26875.3 frame means and what it is answered (brief §5, our policy):
//  - bytes before a "@@" (garbage), or a broken frame whose control unit cannot be read: no
//    answer (nothing to address one to);
//  - a bad checksum, end marker, length or a reserved command: deny (command 6), nothing stored;
//  - a send-data frame whose application unit does not decode (objects do not fill it): deny;
//  - a frame from an address no gb26875 device has: confirm (the standard denies only check
//    errors, and a device that is denied sends again for ever), logged, nothing stored;
//  - a heartbeat (send data with an empty unit): confirm; answers and responses from the device
//    (commands 3, 5, 6): no answer;
//  - otherwise the unit's events (events.hpp) go through the pipeline and the confirm is sent
//    only once every one of them is durable in Redis; when not durable, no answer (the device
//    sends again). A repeated serial with the same unit is confirmed again without new events.
// Every accepted frame of a known device restarts its supervision. Runs on the io_context
// thread.
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/ingest/net/peer.hpp"
#include "protocols/gb26875/frame.hpp"

namespace alarmd::pipeline {
class event_sink;
class supervision;
}  // namespace alarmd::pipeline
namespace alarmd::sys {
struct metrics;
}

namespace alarmd::ingest {

class gb26875_router {
public:
    gb26875_router(pipeline::event_sink& sink, config::snapshot cfg, sys::metrics& m,
                   pipeline::supervision& supervision);
    ~gb26875_router();
    gb26875_router(const gb26875_router&) = delete;
    gb26875_router& operator=(const gb26875_router&) = delete;

    // The config was replaced (SIGHUP): the devices' addresses are read again.
    void reload(config::snapshot cfg);
    // Once the open incidents are loaded: what is still in alarm is remembered, so that the
    // device's clear report restores it.
    void adopt_open_incidents();

    void on_frame(const protocols::gb26875::decoded& d, const peer& from, reply_fn reply);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
