#include "tests/support/clients.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

namespace alarmd::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

json::value http_reply::json() const { return json::parse(body); }

namespace {

bhttp::request<bhttp::string_body> make_request(const std::string& method,
                                                const std::string& target,
                                                const std::string& body,
                                                const std::string& token) {
    bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (!token.empty()) {
        req.set(bhttp::field::authorization, "Bearer " + token);
    }
    if (!body.empty()) {
        req.set(bhttp::field::content_type, "application/json");
        req.body() = body;
    }
    req.prepare_payload();
    return req;
}

http_reply to_reply(bhttp::response<bhttp::string_body>& res) {
    http_reply r;
    r.status = static_cast<int>(res.result_int());
    r.body = res.body();
    for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        r.headers[name] = std::string(f.value());
    }
    return r;
}

}  // namespace

struct http_connection::impl {
    asio::io_context ioc;
    beast::tcp_stream stream{ioc};
    beast::flat_buffer buffer;
};

http_connection::http_connection(int port) : impl_(std::make_unique<impl>()) {
    impl_->stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                        static_cast<unsigned short>(port)));
}

http_connection::~http_connection() {
    beast::error_code ignored;
    impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

http_reply http_connection::call(const std::string& method, const std::string& target,
                                 const std::string& body, const std::string& token) {
    auto req = make_request(method, target, body, token);
    bhttp::write(impl_->stream, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(impl_->stream, impl_->buffer, res);
    return to_reply(res);
}

http_reply http_call(int port, const std::string& method, const std::string& target,
                     const std::string& body, const std::string& token) {
    asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                 static_cast<unsigned short>(port)));
    auto req = make_request(method, target, body, token);
    req.keep_alive(false);
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    beast::error_code ec;
    bhttp::read(stream, buffer, res, ec);
    if (ec && ec != bhttp::error::end_of_stream) {
        throw std::runtime_error("http read: " + ec.message());
    }
    return to_reply(res);
}

struct ws_client::impl {
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};
    beast::flat_buffer buffer;
    bool broken = false;

    // One message into `buffer` within `timeout`: true when one came. A timeout or a read error
    // leaves the stream unusable (`broken`); `failed` tells the two apart.
    bool read_one(std::chrono::milliseconds timeout, bool& failed) {
        failed = false;
        buffer.clear();
        bool done = false;
        beast::error_code result;
        ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
            done = true;
            result = ec;
        });
        ioc.restart();
        ioc.run_for(timeout);
        if (!done) {
            beast::error_code ignored;
            ws.next_layer().cancel(ignored);
            ioc.restart();
            ioc.run();
            broken = true;
            return false;
        }
        if (result) {
            broken = true;
            failed = true;
            return false;
        }
        return true;
    }
};

namespace {

// Handshake; returns the HTTP status of a refusal, or 101.
int handshake(websocket::stream<tcp::socket>& ws, int port, const std::string& token,
              bool in_query, int receive_buffer = 0) {
    if (receive_buffer > 0) {
        ws.next_layer().open(tcp::v4());
        ws.next_layer().set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    }
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                          static_cast<unsigned short>(port)));
    std::string target = in_query ? "/ws?token=" + token : "/ws";
    ws.set_option(websocket::stream_base::decorator([token, in_query](websocket::request_type& r) {
        if (!in_query && !token.empty()) {
            r.set(bhttp::field::authorization, "Bearer " + token);
        }
    }));
    websocket::response_type res;
    beast::error_code ec;
    ws.handshake(res, "127.0.0.1", target, ec);
    if (ec) {
        return static_cast<int>(res.result_int());
    }
    return 101;
}

}  // namespace

ws_client::ws_client(int port, const std::string& token, bool token_in_query,
                     int receive_buffer)
    : impl_(std::make_unique<impl>()) {
    const int status = handshake(impl_->ws, port, token, token_in_query, receive_buffer);
    if (status != 101) {
        throw std::runtime_error("websocket refused with HTTP " + std::to_string(status));
    }
}

ws_client::~ws_client() { close(); }

std::optional<json::value> ws_client::next(std::chrono::milliseconds timeout) {
    bool failed = false;
    if (impl_->broken || !impl_->read_one(timeout, failed)) {
        return std::nullopt;
    }
    return json::parse(beast::buffers_to_string(impl_->buffer.data()));
}

std::optional<json::value> ws_client::next_of(const std::string& type,
                                              std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return std::nullopt;
        }
        auto m = next(left);
        if (!m) {
            return std::nullopt;
        }
        if (m->as_object().at("type").as_string() == type) {
            return m;
        }
    }
}

void ws_client::send(const json::value& v) {
    impl_->ws.text(true);
    impl_->ws.write(asio::buffer(json::serialize(v)));
}

bool ws_client::closed_by_server(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool failed = false;
    while (!impl_->broken) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !impl_->read_one(left, failed)) {
            break;
        }
    }
    return failed;
}

void ws_client::close() {
    if (!impl_ || impl_->broken) {
        return;
    }
    impl_->broken = true;
    beast::error_code ignored;
    impl_->ws.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
    impl_->ws.next_layer().close(ignored);
}

int ws_refusal_status(int port, const std::string& token) {
    asio::io_context ioc;
    websocket::stream<tcp::socket> ws{ioc};
    return handshake(ws, port, token, false);
}

bool ready_becomes(int port, int status) {
    for (int i = 0; i < 1200; ++i) {
        if (http_call(port, "GET", "/readyz").status == status) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

}  // namespace alarmd::test
