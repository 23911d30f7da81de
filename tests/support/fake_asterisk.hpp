#pragma once
// A fake Asterisk for the AMI tests: an in-process AMI server on a loopback port of its own,
// with its own thread, one client at a time (the next is accepted once it has gone).
//
// On connect it sends the banner line. It answers Login (Username compared without case,
// Secret exactly; on success "Authentication accepted" then the FullyBooted event, on failure
// "Authentication failed" and it closes the connection, as Asterisk does), Ping (Pong with a
// Timestamp), Logoff (Goodbye, then it closes), any other action with "Invalid/unknown
// command", and, before a login, anything but Login, Challenge and Logoff with "Permission
// denied". Blocks without an Action get "Missing action in request". Client bytes are read
// with the protocols/ami decoder; when it fails (a limit), the connection is closed.
//
// Tests make it speak: play() sends the server-side blocks of a recorded session (e.g.
// tests/vectors/ami/*.ami) to the logged-in client, send_raw() any bytes, drop() cuts the
// connection. tests/tools/fake_asterisk.cpp wraps it as the `fake-asterisk` executable.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "protocols/ami/decoder.hpp"
#include "protocols/ami/message.hpp"

namespace alarmd::test {

struct fake_asterisk_options {
    std::string username = "alarmd";
    std::string secret = "secret";
    std::string banner = "Asterisk Call Manager/5.0.1";  // the whole line, without CRLF
    std::uint16_t port = 0;                              // 0: a free one
};

// The blocks of a recorded session that the server sends: all but the Action blocks (and the
// banner), in order.
[[nodiscard]] std::vector<protocols::ami::message> server_blocks(std::string_view session_text);

// A message as wire bytes: "Key: Value\r\n" per field, then "\r\n".
[[nodiscard]] std::string wire_block(const protocols::ami::message& m);

class fake_asterisk {
public:
    using options = fake_asterisk_options;

    // Listens at once: port() is known when it returns. Throws when it cannot listen.
    explicit fake_asterisk(options o = {});
    ~fake_asterisk();  // closes everything and joins its thread
    fake_asterisk(const fake_asterisk&) = delete;
    fake_asterisk& operator=(const fake_asterisk&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }

    // Sends server_blocks(session_text) to the current connection once a client is logged in
    // on it, waiting up to `timeout` for that; false when none was.
    bool play(std::string_view session_text,
              std::chrono::milliseconds timeout = std::chrono::seconds(5));
    // Queues `bytes` for the current connection (dropped when there is none).
    void send_raw(std::string bytes);
    // Closes the current connection once what was queued for it is written (after at most
    // 5 s, whatever is left); returns when it is closed. The next client is then accepted.
    void drop();

    [[nodiscard]] int logins() const;         // successful logins so far
    [[nodiscard]] int failed_logins() const;  // refused ones
    [[nodiscard]] int pings() const;          // Ping actions answered (after a login)
    [[nodiscard]] int connections() const;    // connections accepted so far
    [[nodiscard]] bool connected() const;     // a client is connected now
    // Every action received, in order (Login ones with their Secret).
    [[nodiscard]] std::vector<protocols::ami::message> actions() const;
    // Until logins() >= n; false on timeout.
    bool wait_logged_in(int n, std::chrono::milliseconds timeout) const;

private:
    void run();
    void wake();
    // With mutex_ held:
    void accept_client();
    void read_client();
    void write_client();
    void close_client();
    void answer(const protocols::ami::message& m);

    options options_;
    std::uint16_t port_ = 0;
    int listen_fd_ = -1;
    int wake_read_ = -1;
    int wake_write_ = -1;
    std::thread thread_;

    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    bool stopping_ = false;
    int client_fd_ = -1;
    protocols::ami::decoder decoder_;
    std::string out_;           // queued for the client
    bool logged_in_ = false;    // on the current connection
    bool close_after_ = false;  // close once out_ is written
    int logins_ = 0;
    int failed_logins_ = 0;
    int pings_ = 0;
    int connections_ = 0;
    std::vector<protocols::ami::message> actions_;
};

}  // namespace alarmd::test
