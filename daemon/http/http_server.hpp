#pragma once
// The HTTP/1.1 listener on server.http_listen: one coroutine per connection, a body limit
// (413), a request deadline, keep-alive, and hand-over of WebSocket upgrades. What a request
// means is the handlers' business (api.cpp).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "daemon/config/config.hpp"

namespace alarmd::http {

using request = boost::beast::http::request<boost::beast::http::string_body>;
using response = boost::beast::http::response<boost::beast::http::string_body>;
using respond_fn = std::function<void(response)>;

struct handlers {
    // Answers a request, now or later (after Redis replied), by calling respond once.
    std::function<void(request&& req, respond_fn respond)> on_request;
    // A WebSocket upgrade: either takes the socket (returns nullopt) or refuses with a response.
    std::function<std::optional<response>(request& req, boost::asio::ip::tcp::socket& socket)>
        on_upgrade;
};

class http_server {
public:
    http_server(boost::asio::io_context& ioc, config::server_config cfg, handlers h);
    ~http_server();

    // Binds and starts accepting. Throws std::runtime_error naming the address on failure: a
    // daemon that cannot listen must not report itself ready.
    void listen();
    // Stops accepting new connections.
    void stop();

    [[nodiscard]] std::uint16_t port() const;

private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

// A JSON response with the usual headers.
[[nodiscard]] response json_response(unsigned status, std::string body, unsigned version = 11,
                                     bool keep_alive = true);

}  // namespace alarmd::http
