#pragma once
// One Asterisk manager connection (ingest.ami): connect, log in, keep alive with Ping, hand
// every event on, and reconnect with back-off when it breaks. Events are passed on only while
// logged in. A wrong secret is logged at error with what to check, and retried at the back-off
// ceiling (Asterisk closes the connection after a refused login).
#include <functional>
#include <memory>
#include <string>

#include "daemon/config/config.hpp"

namespace boost::asio {
class io_context;
}
namespace alarmd::protocols::ami {
struct message;
}

namespace alarmd::ingest {

struct ami_client_handlers {
    std::function<void(const protocols::ami::message&)> on_event;
    // Logged in (up) or not; `why` says what went wrong when down.
    std::function<void(bool up, const std::string& why)> on_state;
};

class ami_client {
public:
    // `cfg` is copied: a reload that changes the server or the login builds a new client.
    ami_client(boost::asio::io_context& ioc, config::ami_ingest cfg, ami_client_handlers h);
    ~ami_client();  // logs off and closes; no handler is called after it
    ami_client(const ami_client&) = delete;
    ami_client& operator=(const ami_client&) = delete;

    void start();
    [[nodiscard]] bool up() const;

private:
    struct impl;
    std::shared_ptr<impl> impl_;  // shared with its own completions
};

}  // namespace alarmd::ingest
