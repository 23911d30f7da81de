#pragma once
// Link supervision of SIA panels (SPEC "Supervision"): each sia device has an interval (its own
// `supervision`, else ingest.sia.supervision); no message within it opens a comm_fault incident
// for the panel (an event of category comm_fault, kind fault, zone "", code "supervision"), and
// its next message restores it (kind fault_restore). State in memory, one timer for the earliest
// deadline. Runs on the io_context thread.
#include <memory>
#include <string>

#include "daemon/config/config.hpp"

namespace boost::asio {
class io_context;
}
namespace alarmd::pipeline {
class pipeline;
}

namespace alarmd::ingest {

class sia_supervision {
public:
    sia_supervision(boost::asio::io_context& ioc, pipeline::pipeline& pipe,
                    config::snapshot cfg);
    ~sia_supervision();
    sia_supervision(const sia_supervision&) = delete;
    sia_supervision& operator=(const sia_supervision&) = delete;

    // Watches every sia device from now.
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

}  // namespace alarmd::ingest
