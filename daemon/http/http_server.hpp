#pragma once
// The HTTP/1.1 listener on server.http_listen: one coroutine per connection, HTTPS only when
// server.tls is set (TLS handshake within the request deadline), a body limit (413), a request
// deadline, keep-alive, a cap on open connections, and hand-over of WebSocket upgrades. What a
// request means is the handlers' business (api.cpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon/config/config.hpp"

namespace boost::asio {
class io_context;
}
namespace alarmd::sys {
class byte_stream;
class tls_context;
}

namespace alarmd::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;
using respond_fn = std::function<void(response)>;

struct handlers {
    // Answers a request, now or later (after Redis replied), by calling respond once.
    std::function<void(request&& req, respond_fn respond)> on_request;
    // A WebSocket upgrade: either takes the connection (moves the stream out and returns
    // nullopt) or refuses with a response.
    std::function<std::optional<response>(request& req, sys::byte_stream& stream)> on_upgrade;
};

class http_server {
public:
    // `tls`: the context of server.tls, null for plain HTTP.
    http_server(boost::asio::io_context& ioc, config::server_config cfg,
                std::shared_ptr<sys::tls_context> tls, handlers h);
    ~http_server();

    // Binds and starts accepting. Throws std::runtime_error naming the address on failure: a
    // daemon that cannot listen must not report itself ready.
    void listen();
    // Stops accepting new connections.
    void stop();
    // A reload: connections accepted from now on use `tls` (a new certificate; open ones keep
    // the context they started with) and count against `max_connections`.
    void reload(std::shared_ptr<sys::tls_context> tls, std::size_t max_connections);

    [[nodiscard]] std::uint16_t port() const;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

// A JSON response with the usual headers.
[[nodiscard]] response json_response(unsigned status, std::string body, unsigned version = 11,
                                     bool keep_alive = true);

}  // namespace alarmd::http
