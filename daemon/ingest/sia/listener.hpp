#pragma once
// SIA DC-09 over TCP: the protocol-neutral stream listener (net/stream_listener.hpp) with the
// DC-09 stream decoder (its buffer is the per-connection size limit: one frame of at most
// 4 KiB) and the SIA handler.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/ingest/sia/handler.hpp"

namespace boost::asio {
class io_context;
}

namespace alarmd::ingest {

struct sia_tcp_options {
    // No accepted frame within this: the connection is closed (IOB closes after 30 s idle).
    std::chrono::milliseconds idle_timeout{60000};
    // Connections beyond this, in all or from one source address, are closed at once: one
    // address flooding connections cannot take the slots the real panels need.
    std::size_t max_connections = 4096;
    std::size_t max_per_address = 64;
    // Frames of one connection handed on and not yet answered; then reading pauses.
    std::size_t max_in_flight = 64;
};

class sia_listener {
public:
    sia_listener(boost::asio::io_context& ioc, config::listen_address address, sia_handler h,
                 sia_tcp_options options = {});
    ~sia_listener();
    sia_listener(const sia_listener&) = delete;
    sia_listener& operator=(const sia_listener&) = delete;

    // Binds and starts accepting. Throws std::runtime_error naming the address on failure.
    void listen();
    // Stops accepting; open connections stop reading, get the answers still due, and close.
    void stop();

    [[nodiscard]] std::uint16_t port() const;
    [[nodiscard]] std::size_t connections() const;
    // Connections closed because they completed no frame within the idle limit.
    [[nodiscard]] std::uint64_t idle_closes() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
