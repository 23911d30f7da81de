#pragma once
// The GB/T 26875.3 receiver (ingest.gb26875): the TCP listener (transmission devices connect
// to the centre), the router that turns frames into events and answers, and heartbeat
// supervision of every gb26875 device.
#include <cstdint>
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/ingest/source.hpp"

namespace boost::asio {
class io_context;
}
namespace alarmd::pipeline {
class event_sink;
}
namespace alarmd::sys {
struct metrics;
}

namespace alarmd::ingest {

class gb26875_receiver final : public source {
public:
    // ingest.gb26875 must be set in `cfg`.
    gb26875_receiver(boost::asio::io_context& ioc, pipeline::event_sink& sink, config::snapshot cfg,
                     sys::metrics& m);
    ~gb26875_receiver() override;
    gb26875_receiver(const gb26875_receiver&) = delete;
    gb26875_receiver& operator=(const gb26875_receiver&) = delete;

    void start() override;
    void reload(config::snapshot cfg) override;
    void stop() override;
    [[nodiscard]] std::vector<listening> listening_on() const override;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
