#pragma once
// An always-reconnecting Redis connection on the Asio loop: hiredis's async API driven by our
// own adapter (redis_asio_adapter.cpp). Commands pipeline naturally (they are written back to
// back and answered in order). Not thread-safe: use it from the io_context's thread only.
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/store/redis_url.hpp"

namespace boost::asio {
class io_context;
}

namespace alarmd::store {

// A reply copied out of hiredis, so no hiredis type leaves store/.
struct redis_reply {
    enum class kind { nil, status, error, integer, string, array };
    kind type = kind::nil;
    std::string str;  // status, error and string replies
    long long integer = 0;
    std::vector<redis_reply> elements;

    [[nodiscard]] bool is_error() const { return type == kind::error; }
};

// ec is set (and the reply empty) when the command could not be sent or the connection was
// lost before its answer; a Redis error reply comes with no ec and type == error.
using redis_callback = std::function<void(boost::system::error_code, redis_reply)>;
using redis_command = std::vector<std::string>;

struct redis_options {
    std::string url = "redis://127.0.0.1:6379/0";  // also unix:///path/to.sock?db=N
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds ping_interval{1000};  // no PONG within 3 intervals = down
    std::chrono::milliseconds reconnect_min{100};
    std::chrono::milliseconds reconnect_max{5000};
};

class redis_client {
public:
    redis_client(boost::asio::io_context& ioc, redis_options opts);
    ~redis_client();
    redis_client(const redis_client&) = delete;
    redis_client& operator=(const redis_client&) = delete;

    // Connects, and keeps reconnecting with exponential back-off until stop().
    void start();
    // Disconnects; pending callbacks get operation_aborted. Leaves no work on the io_context.
    void stop();

    [[nodiscard]] bool connected() const;

    // Connection attempts since construction: the first one and every retry (for /metrics,
    // and for tests that must see a retry happen without watching the clock).
    [[nodiscard]] std::uint64_t connect_attempts() const;

    // Called with true when a connection is up (after SELECT), false when it is lost.
    void on_state_change(std::function<void(bool up)> cb);

    // Sends one command. When not connected the callback gets an error at once (posted).
    void command(redis_command args, redis_callback cb = {});

    // Sends MULTI, the commands, EXEC back to back; the callback gets the EXEC reply (an array
    // of each command's reply) or the first error.
    void transaction(std::vector<redis_command> cmds, redis_callback cb = {});

    // Commands and transactions sent whose callback has not run yet (a draining shutdown
    // waits for none).
    [[nodiscard]] std::size_t in_flight() const;

private:
    redis_callback counted(redis_callback cb);

    struct impl;
    std::shared_ptr<impl> impl_;
    std::shared_ptr<std::size_t> in_flight_ = std::make_shared<std::size_t>(0);
};

}  // namespace alarmd::store
