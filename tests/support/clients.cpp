#include "tests/support/clients.hpp"

#include <array>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>

#include "tests/support/test_cert.hpp"

namespace alarmd::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
namespace ssl = asio::ssl;
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

tcp::endpoint loopback(int port) {
    return tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
}

// Tests make their own self-signed certificates: the client takes any, and says which it saw.
ssl::context client_tls() {
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_verify_mode(ssl::verify_none);
    return ctx;
}

server_cert certificate_of(SSL* ssl) {
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr) {
        return {};
    }
    server_cert out{subject_of(cert), serial_of(cert)};
    X509_free(cert);
    return out;
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

http_reply https_call(int port, const std::string& method, const std::string& target,
                      const std::string& body, const std::string& token, server_cert* seen) {
    asio::io_context ioc;
    auto ctx = client_tls();
    ssl::stream<beast::tcp_stream> stream(ioc, ctx);
    beast::get_lowest_layer(stream).connect(loopback(port));
    stream.handshake(ssl::stream_base::client);
    if (seen != nullptr) {
        *seen = certificate_of(stream.native_handle());
    }
    auto req = make_request(method, target, body, token);
    req.keep_alive(false);
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    return to_reply(res);
}

std::string plain_exchange(int port, const std::string& bytes, std::chrono::milliseconds wait) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(loopback(port));
    beast::error_code ec;
    asio::write(socket, asio::buffer(bytes), ec);
    std::string received;
    std::array<char, 4096> chunk{};
    std::function<void(beast::error_code, std::size_t)> on_read;
    on_read = [&](beast::error_code rec, std::size_t n) {
        received.append(chunk.data(), n);
        if (!rec) {
            socket.async_read_some(asio::buffer(chunk), on_read);
        }
    };
    socket.async_read_some(asio::buffer(chunk), on_read);
    ioc.run_for(wait);
    return received;
}

// A WebSocket over plain TCP or TLS: `with` hands the one in use to a generic lambda.
struct ws_client::impl {
    using plain_ws = websocket::stream<tcp::socket>;
    using tls_ws = websocket::stream<ssl::stream<tcp::socket>>;

    asio::io_context ioc;
    ssl::context tls_ctx = client_tls();
    std::unique_ptr<plain_ws> plain;
    std::unique_ptr<tls_ws> tls;
    beast::flat_buffer buffer;
    bool broken = false;

    explicit impl(bool use_tls) {
        if (use_tls) {
            tls = std::make_unique<tls_ws>(ioc, tls_ctx);
        } else {
            plain = std::make_unique<plain_ws>(ioc);
        }
    }

    template <class F>
    decltype(auto) with(F&& f) {
        return plain ? f(*plain) : f(*tls);
    }

    tcp::socket& socket() {
        return plain ? plain->next_layer() : tls->next_layer().next_layer();
    }

    // One message into `buffer` within `timeout`: true when one came. A timeout or a read error
    // leaves the stream unusable (`broken`); `failed` tells the two apart.
    bool read_one(std::chrono::milliseconds timeout, bool& failed) {
        failed = false;
        buffer.clear();
        bool done = false;
        beast::error_code result;
        with([&](auto& ws) {
            ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
                done = true;
                result = ec;
            });
        });
        ioc.restart();
        ioc.run_for(timeout);
        if (!done) {
            beast::error_code ignored;
            socket().cancel(ignored);
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

    // Connects and asks for the upgrade; the refusal's status and body, or 101.
    http_reply handshake(int port, const std::string& token, const ws_options& o) {
        if (o.receive_buffer > 0) {
            socket().open(tcp::v4());
            socket().set_option(asio::socket_base::receive_buffer_size(o.receive_buffer));
        }
        socket().connect(loopback(port));
        if (tls) {
            tls->next_layer().handshake(ssl::stream_base::client);
        }
        const std::string target = o.token_in_query ? "/ws?token=" + token : "/ws";
        const bool in_query = o.token_in_query;
        const std::string origin = o.origin;
        websocket::response_type res;
        beast::error_code ec;
        with([&](auto& ws) {
            ws.set_option(websocket::stream_base::decorator(
                [token, in_query, origin](websocket::request_type& r) {
                    if (!in_query && !token.empty()) {
                        r.set(bhttp::field::authorization, "Bearer " + token);
                    }
                    if (!origin.empty()) {
                        r.set(bhttp::field::origin, origin);
                    }
                }));
            // Host with the port, as a browser sends it (the server's own origin is made of it).
            ws.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
        });
        http_reply r = to_reply(res);
        if (!ec) {
            r.status = 101;
        } else if (ec != websocket::error::upgrade_declined) {
            r = http_reply{};  // no HTTP answer came (status 0)
        }
        return r;
    }
};

ws_client::ws_client(int port, const std::string& token, bool token_in_query,
                     int receive_buffer)
    : ws_client(port, token, ws_options{false, token_in_query, {}, receive_buffer}) {}

ws_client::ws_client(int port, const std::string& token, const ws_options& options)
    : impl_(std::make_unique<impl>(options.tls)) {
    const auto r = impl_->handshake(port, token, options);
    if (r.status != 101) {
        throw std::runtime_error("websocket refused with HTTP " + std::to_string(r.status) +
                                 " " + r.body);
    }
}

server_cert ws_client::certificate() const {
    return impl_->tls ? certificate_of(impl_->tls->next_layer().native_handle()) : server_cert{};
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
    const auto text = json::serialize(v);
    impl_->with([&](auto& ws) {
        ws.text(true);
        ws.write(asio::buffer(text));
    });
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
    impl_->socket().shutdown(tcp::socket::shutdown_both, ignored);
    impl_->socket().close(ignored);
}

int ws_refusal_status(int port, const std::string& token) {
    return ws_upgrade(port, token, ws_options{}).status;
}

http_reply ws_upgrade(int port, const std::string& token, const ws_options& options) {
    ws_client::impl c(options.tls);
    auto r = c.handshake(port, token, options);
    beast::error_code ignored;
    c.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return r;
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
