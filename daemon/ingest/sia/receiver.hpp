#pragma once
// The SIA DC-09 receiver (ingest.sia): TCP and UDP listeners, the router that turns frames into
// events and answers, and link supervision. What app/ constructs, starts, reloads and stops.
#include <cstdint>
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/ingest/sia/listener.hpp"
#include "daemon/ingest/sia/udp.hpp"
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

struct sia_receiver_options {
    sia_tcp_options tcp;
    sia_udp_options udp;
};

class sia_receiver final : public source {
public:
    // ingest.sia must be set in `cfg`.
    sia_receiver(boost::asio::io_context& ioc, pipeline::event_sink& pipe, config::snapshot cfg,
                 sys::metrics& m, sia_receiver_options options = {});
    ~sia_receiver() override;
    sia_receiver(const sia_receiver&) = delete;
    sia_receiver& operator=(const sia_receiver&) = delete;

    // Binds ingest.sia.tcp / .udp (throws std::runtime_error when one cannot bind) and starts
    // supervising every sia device.
    void start() override;
    // Accounts, keys, allowed sources and supervision intervals from the new config; the
    // listen addresses change only with a restart.
    void reload(config::snapshot cfg) override;
    // Stops accepting and receiving; open connections get the answers still due.
    void stop() override;

    [[nodiscard]] std::vector<listening> listening_on() const override;
    [[nodiscard]] std::uint16_t tcp_port() const;  // 0 when not listening
    [[nodiscard]] std::uint16_t udp_port() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
