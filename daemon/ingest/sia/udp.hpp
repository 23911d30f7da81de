#pragma once
// SIA DC-09 over UDP: one frame per datagram (trailing NULs allowed), answered to the sender.
// Datagrams are handed to the handler as they come; at most `max_in_flight` wait for their
// answer at a time, and datagrams beyond that are dropped (the panel retries).
#include <cstddef>
#include <cstdint>
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/ingest/sia/handler.hpp"

namespace boost::asio {
class io_context;
}

namespace alarmd::ingest {

struct sia_udp_options {
    std::size_t max_in_flight = 4096;
};

class sia_udp {
public:
    sia_udp(boost::asio::io_context& ioc, config::listen_address address, sia_handler h,
            sia_udp_options options = {});
    ~sia_udp();
    sia_udp(const sia_udp&) = delete;
    sia_udp& operator=(const sia_udp&) = delete;

    // Binds and starts receiving. Throws std::runtime_error naming the address on failure.
    void listen();
    // Stops receiving; answers still due are sent while the socket lives.
    void stop();

    [[nodiscard]] std::uint16_t port() const;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
