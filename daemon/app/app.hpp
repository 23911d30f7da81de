#pragma once
// The application: owns the io_context and every part, wires them, starts and stops them.
// One thread runs everything (hiredis async is single-threaded; 2 cores leave the other to Redis).
#include <cstdint>
#include <memory>
#include <string_view>

#include "daemon/config/config.hpp"

namespace alarmd::app {

class app {
public:
    explicit app(config::config cfg);
    ~app();
    app(const app&) = delete;
    app& operator=(const app&) = delete;

    // Connects to Redis and reads back the state (waiting up to redis.connect_timeout; without
    // Redis it starts degraded and catches up when Redis comes), then binds the listeners.
    // Throws std::runtime_error when a listener cannot bind.
    void start();
    // Runs until stop() has drained. Returns the exit status (0 after a clean stop).
    int run();
    // Thread-safe: stop accepting, close clients, let pending writes finish, end run().
    void stop();

    [[nodiscard]] std::uint16_t http_port() const;
    // A receiver's bound port ("sia.tcp", "sia.udp", "gb26875.tcp"), 0 when not listening.
    [[nodiscard]] std::uint16_t listen_port(std::string_view what) const;
    [[nodiscard]] std::uint16_t sia_tcp_port() const { return listen_port("sia.tcp"); }
    [[nodiscard]] std::uint16_t sia_udp_port() const { return listen_port("sia.udp"); }
    [[nodiscard]] std::uint16_t gb26875_tcp_port() const { return listen_port("gb26875.tcp"); }

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::app
