#pragma once
// Test-side peers over real loopback sockets: a blocking HTTP client and a WebSocket client
// with per-read deadlines (a missing message fails the test instead of hanging it), each plain
// or over TLS. TLS clients accept the server's certificate unverified (tests make self-signed
// ones) and tell which certificate they were shown.
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

// The certificate a TLS server presented.
struct server_cert {
    std::string subject;  // "CN=..."
    std::string serial;   // upper-case hex
};

// The same over TLS; `seen` (when given) gets the server's certificate.
http_reply https_call(int port, const std::string& method, const std::string& target,
                      const std::string& body = {}, const std::string& token = {},
                      server_cert* seen = nullptr);

// Sends `bytes` over a plain TCP connection and returns everything the server sent back until it
// closed the connection (or `wait` passed): "" when it answered nothing.
std::string plain_exchange(int port, const std::string& bytes,
                           std::chrono::milliseconds wait = std::chrono::seconds(30));

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

// How a WebSocket client connects.
struct ws_options {
    bool tls = false;             // wss://
    bool token_in_query = false;  // /ws?token=… instead of Authorization: Bearer
    std::string origin;           // the Origin header a browser page would send; empty = none
    // > 0 shrinks the socket's kernel receive buffer (SO_RCVBUF) first: a client that stops
    // reading then fills up after a few messages instead of megabytes.
    int receive_buffer = 0;

    // ws_options{}.with_tls().with_origin("https://console.example")
    ws_options& with_tls() {
        tls = true;
        return *this;
    }
    ws_options& with_token_in_query() {
        token_in_query = true;
        return *this;
    }
    ws_options& with_origin(std::string o) {
        origin = std::move(o);
        return *this;
    }
};

class ws_client {
public:
    // Connects and completes the handshake; throws with the HTTP status on refusal.
    ws_client(int port, const std::string& token, bool token_in_query = false,
              int receive_buffer = 0);
    ws_client(int port, const std::string& token, const ws_options& options);
    ~ws_client();

    // The certificate the server presented (TLS only).
    [[nodiscard]] server_cert certificate() const;

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
    friend http_reply ws_upgrade(int port, const std::string& token, const ws_options& options);
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Polls /readyz until it answers `status`: true, or false after a minute (a wait, not a
// timing assertion).
bool ready_becomes(int port, int status);

// Refused upgrade: returns the HTTP status the server answered.
int ws_refusal_status(int port, const std::string& token);

// An upgrade attempt: status 101 when accepted (the connection is then closed), else the
// refusal's status and body; status 0 when no HTTP answer came.
http_reply ws_upgrade(int port, const std::string& token, const ws_options& options);

}  // namespace alarmd::test
