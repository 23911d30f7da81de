#pragma once
// Supervision of silent devices (SPEC "Supervision"), for any source: each device of one
// protocol has an interval (its own `supervision`, else the source's default); no accepted
// message within it opens a comm_fault incident for the device (an event of category
// comm_fault, kind fault, zone "", code "supervision"), and its next message restores it (kind
// fault_restore). State in memory (core/supervision_table), one timer for the earliest
// deadline; a fault still open from before a restart is adopted from the open incidents. Runs
// on the io_context thread.
#include <functional>
#include <memory>
#include <string>

#include "daemon/config/config.hpp"
#include "daemon/core/event.hpp"

namespace boost::asio {
class io_context;
}

namespace alarmd::pipeline {

class event_sink;

// Which devices one source supervises, and how its events are named.
struct supervised_devices {
    config::device_protocol protocol = config::device_protocol::sia;
    core::source from = core::source::sia;
    std::string logger;  // the source's logger, e.g. "ingest.sia"
    // The source's default interval in a config (used when a device has none of its own).
    std::function<config::duration(const config::config&)> default_interval;
    // Whether a device of the protocol is supervised (e.g. a DC-09 device needs an account).
    std::function<bool(const config::device&)> watched = [](const config::device&) { return true; };
};

class supervision {
public:
    supervision(boost::asio::io_context& ioc, event_sink& sink, config::snapshot cfg,
                supervised_devices what);
    ~supervision();
    supervision(const supervision&) = delete;
    supervision& operator=(const supervision&) = delete;

    // Watches every device from now.
    void start();
    // The config was replaced: devices added, removed, intervals changed.
    void reload(config::snapshot cfg);
    void stop();

    // A message from the device was accepted: its silence starts again, and a device in fault
    // gets its restore event.
    void touch(const std::string& device_id);

    [[nodiscard]] bool in_fault(const std::string& device_id) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::pipeline
