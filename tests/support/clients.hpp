#pragma once
// Test-side peers over real loopback sockets: a blocking HTTP client and a WebSocket client
// with per-read deadlines (a missing message fails the test instead of hanging it).
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

namespace alarmd::test {

struct http_reply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names

    [[nodiscard]] boost::json::value json() const;
};

// One request on a new connection. token empty = no Authorization header.
http_reply http_call(int port, const std::string& method, const std::string& target,
                     const std::string& body = {}, const std::string& token = {});

// A keep-alive connection for many requests.
class http_connection {
public:
    explicit http_connection(int port);
    ~http_connection();
    http_reply call(const std::string& method, const std::string& target,
                    const std::string& body = {}, const std::string& token = {});

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

class ws_client {
public:
    // Connects and completes the handshake; throws with the HTTP status on refusal.
    // `receive_buffer` > 0 shrinks the socket's kernel receive buffer (SO_RCVBUF) first: a
    // client that stops reading then fills up after a few messages instead of megabytes.
    ws_client(int port, const std::string& token, bool token_in_query = false,
              int receive_buffer = 0);
    ~ws_client();

    // The next text message, or nullopt when none came within `timeout` (the connection is
    // unusable afterwards).
    std::optional<boost::json::value> next(std::chrono::milliseconds timeout =
                                               std::chrono::seconds(30));
    // The next message of the given type, skipping others.
    std::optional<boost::json::value> next_of(const std::string& type,
                                              std::chrono::milliseconds timeout =
                                                  std::chrono::seconds(30));
    void send(const boost::json::value& v);
    // True when the server closed the connection (read fails) within `timeout`.
    bool closed_by_server(std::chrono::milliseconds timeout);
    void close();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Polls /readyz until it answers `status`: true, or false after a minute (a wait, not a
// timing assertion).
bool ready_becomes(int port, int status);

// Refused upgrade: returns the HTTP status the server answered.
int ws_refusal_status(int port, const std::string& token);

}  // namespace alarmd::test
