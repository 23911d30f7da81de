#pragma once
// The phone hotline (ingest.ami): a client of the Asterisk manager interface that follows the
// calls to the hotline numbers and queues and turns them into events (hotline_events.hpp).
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

class ami_receiver final : public source {
public:
    // ingest.ami must be set in `cfg`.
    ami_receiver(boost::asio::io_context& ioc, pipeline::event_sink& sink, config::snapshot cfg,
                 sys::metrics& m);
    ~ami_receiver() override;
    ami_receiver(const ami_receiver&) = delete;
    ami_receiver& operator=(const ami_receiver&) = delete;

    void start() override;
    // Hotline numbers and the residents list take effect at once; a new server or login
    // reconnects.
    void reload(config::snapshot cfg) override;
    void stop() override;
    [[nodiscard]] std::vector<listening> listening_on() const override { return {}; }
    [[nodiscard]] std::vector<sys::component_health> health() const override;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
