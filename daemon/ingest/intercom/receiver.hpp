#pragma once
// The intercom door stations, as a receiver: their gateway POSTs to /v1/events (the HTTP server
// listens; body.hpp reads the messages), so this one listens on nothing. It supervises every
// `protocol: http` device that has a `supervision` interval: a heartbeat or any accepted event
// of the device counts as a message, silence past the interval opens a comm_fault incident
// (code "supervision"), and the next message restores it.
#include <memory>
#include <string>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/ingest/source.hpp"

namespace boost::asio {
class io_context;
}
namespace alarmd::pipeline {
class event_sink;
}

namespace alarmd::ingest {

class intercom_receiver final : public source {
public:
    intercom_receiver(boost::asio::io_context& ioc, pipeline::event_sink& sink,
                      config::snapshot cfg);
    ~intercom_receiver() override;
    intercom_receiver(const intercom_receiver&) = delete;
    intercom_receiver& operator=(const intercom_receiver&) = delete;

    void start() override;
    void reload(config::snapshot cfg) override;
    void stop() override;
    [[nodiscard]] std::vector<listening> listening_on() const override { return {}; }

    // A message of the device was accepted over the API. True when the device is supervised.
    bool heard(const config::device& d);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
