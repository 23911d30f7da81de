#include "daemon/http/http_server.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "daemon/sys/byte_stream.hpp"
#include "daemon/sys/connection_limit.hpp"
#include "daemon/sys/exception_text.hpp"
#include "daemon/sys/listen.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/tls_context.hpp"

// GCC 12 takes Asio's coroutine frames (allocated with aligned_alloc, freed by the frame's own
// operator delete) for a mismatched new/delete when it inlines the session's frame allocation.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace alarmd::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

namespace {

const auto& log() {
    static auto l = sys::logger("http");
    return l;
}

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// How long a TLS connection's close waits for the peer's close_notify.
constexpr std::chrono::seconds tls_close_wait{5};
// Connections refused at the cap are logged at most this often (with their count).
constexpr std::chrono::seconds refusal_log_every{10};

// Waits for a handler that answers through a callback. The callback may run now or later;
// the completion is always posted, so the coroutine never resumes inside the handler.
asio::awaitable<response> call(const handlers& h, request&& req) {
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(response)>(
        [&h](auto handler, request r) {
            auto shared = std::make_shared<decltype(handler)>(std::move(handler));
            auto answered = std::make_shared<bool>(false);
            auto respond = [shared, answered](response res) {
                if (std::exchange(*answered, true)) {
                    return;  // one answer per request
                }
                auto ex = asio::get_associated_executor(*shared);
                asio::post(ex, [shared, res = std::move(res)]() mutable {
                    (*shared)(std::move(res));
                });
            };
            // A handler that throws is contained to its request: 500, a log line, and the
            // daemon serves on.
            try {
                h.on_request(std::move(r), respond);
            } catch (const std::exception& e) {
                log()->error("event=request_failed reason=\"{}\"", e.what());
                respond(json_response(500, R"({"error":"internal error"})"));
            }
        },
        asio::use_awaitable, std::move(req));
}

}  // namespace

response json_response(unsigned status, std::string body, unsigned version, bool keep_alive) {
    response res{static_cast<bhttp::status>(status), version};
    res.set(bhttp::field::server, "alarmd");
    res.set(bhttp::field::content_type, "application/json");
    res.set(bhttp::field::cache_control, "no-store");
    res.keep_alive(keep_alive);
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

struct http_server::impl : std::enable_shared_from_this<impl> {
    impl(asio::io_context& ioc, config::server_config c, std::shared_ptr<sys::tls_context> t,
         handlers hs)
        : ioc(ioc),
          cfg(std::move(c)),
          tls(std::move(t)),
          h(std::move(hs)),
          acceptor(ioc),
          limit(cfg.max_connections) {}

    asio::io_context& ioc;
    config::server_config cfg;
    std::shared_ptr<sys::tls_context> tls;  // for new connections; replaced by a reload
    handlers h;
    tcp::acceptor acceptor;
    sys::connection_limit limit;
    std::uint16_t bound_port = 0;
    // Set by stop(): a keep-alive connection gets no further request taken (503, then closed),
    // so nothing is accepted after the daemon has begun to drain and marked its stop clean.
    bool stopping = false;
    std::size_t refused = 0;  // at the cap, since the last log line
    std::optional<std::chrono::steady_clock::time_point> refusal_logged_at;

    // The accept loop, restarted (with a log line) if it ever ends by an exception: the daemon
    // must not stop taking connections without a word.
    void start_accepting() {
        asio::co_spawn(ioc, accept_loop(), [weak = weak_from_this()](std::exception_ptr e) {
            auto self = weak.lock();
            if (!e || !self) {
                return;
            }
            log()->error("event=accept_loop_failed reason=\"{}\" action=restart", sys::exception_text(e));
            if (self->acceptor.is_open()) {
                self->start_accepting();
            }
        });
    }

    asio::awaitable<void> accept_loop() {
        auto self = shared_from_this();
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
                co_return;
            }
            if (ec) {
                // Out of file descriptors and the like: keep serving the connections we have.
                log()->warn("event=accept_failed reason=\"{}\"", ec.message());
                asio::steady_timer pause(ioc, std::chrono::milliseconds(50));
                co_await pause.async_wait(use_tuple);
                continue;
            }
            auto slot = limit.try_take();
            if (!slot) {
                refuse(socket);
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            start_session(std::move(socket), std::move(*slot));
        }
    }

    // A failure to set the connection up (OpenSSL out of memory) ends that connection only.
    void start_session(tcp::socket socket, sys::connection_limit::slot slot) {
        try {
            auto stream = tls ? sys::byte_stream::tls(std::move(socket), tls, std::move(slot))
                              : sys::byte_stream::plain(std::move(socket), std::move(slot));
            asio::co_spawn(ioc, session(std::move(stream)), [](std::exception_ptr e) {
                if (e) {
                    log()->error("event=http_session_failed reason=\"{}\"", sys::exception_text(e));
                }
            });
        } catch (const std::exception& e) {
            log()->error("event=http_session_failed reason=\"{}\"", e.what());
        }
    }

    // Past server.max_connections a connection is closed as soon as it is accepted (cheaper than
    // an answer, and a TLS handshake would cost more still). Logged at most every few seconds.
    void refuse(tcp::socket& socket) {
        beast::error_code ignored;
        socket.close(ignored);
        ++refused;
        const auto now = std::chrono::steady_clock::now();
        if (!refusal_logged_at || now - *refusal_logged_at >= refusal_log_every) {
            log()->warn("event=connection_refused reason=max_connections max_connections={} "
                        "refused={}",
                        limit.max(), refused);
            refusal_logged_at = now;
            refused = 0;
        }
    }

    // The TLS handshake, within the request deadline; a plain connection has none. False (and a
    // log line) when it failed: plain HTTP sent to the TLS port, a scanner, a client that gave up.
    asio::awaitable<bool> handshake(sys::byte_stream& stream) {
        if (!stream.is_tls()) {
            co_return true;
        }
        stream.expires_after(cfg.request_timeout);
        auto [ec] = co_await stream.async_handshake(use_tuple);
        if (ec) {
            log()->info("event=tls_handshake_failed peer={} reason=\"{}\"", stream.peer(),
                        ec.message());
            stream.close();
            co_return false;
        }
        co_return true;
    }

    asio::awaitable<void> session(sys::byte_stream stream) {
        auto self = shared_from_this();
        if (!co_await handshake(stream)) {
            co_return;
        }
        beast::flat_buffer buffer;
        for (;;) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(16 * 1024);
            parser.body_limit(cfg.max_body_bytes);
            stream.expires_after(cfg.request_timeout);
            auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
            if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
                ec == beast::error::timeout || ec == asio::error::connection_reset ||
                ec == asio::ssl::error::stream_truncated) {
                break;
            }
            if (ec == bhttp::error::body_limit) {
                auto res = json_response(
                    413,
                    R"({"error":"request body larger than )" +
                        std::to_string(cfg.max_body_bytes) + R"( bytes","field":"body"})",
                    11, false);
                co_await bhttp::async_write(stream, res, use_tuple);
                break;
            }
            if (ec) {
                auto res = json_response(400, R"({"error":"malformed HTTP request"})", 11, false);
                co_await bhttp::async_write(stream, res, use_tuple);
                break;
            }
            auto req = parser.release();
            if (stopping) {
                auto res = json_response(503, R"({"error":"alarmd is stopping: send again later"})",
                                         req.version(), false);
                res.set(bhttp::field::retry_after, "5");
                co_await bhttp::async_write(stream, res, use_tuple);
                break;
            }
            if (beast::websocket::is_upgrade(req) && h.on_upgrade) {
                stream.expires_never();
                auto refusal = h.on_upgrade(req, stream);
                if (!refusal) {
                    co_return;  // the WebSocket hub owns the connection now
                }
                refusal->keep_alive(false);
                co_await bhttp::async_write(stream, *refusal, use_tuple);
                break;
            }
            const bool keep_alive = req.keep_alive();
            const auto version = req.version();
            auto res = co_await call(h, std::move(req));
            res.version(version);
            res.keep_alive(keep_alive && !stopping);
            stream.expires_after(cfg.request_timeout);
            auto [wec, wn] = co_await bhttp::async_write(stream, res, use_tuple);
            if (wec || !res.keep_alive()) {
                break;
            }
        }
        co_await finish(stream);
    }

    // TLS says close_notify (and waits a little for the peer's); plain TCP shuts its sending side.
    asio::awaitable<void> finish(sys::byte_stream& stream) {
        stream.expires_after(std::min<std::chrono::steady_clock::duration>(cfg.request_timeout,
                                                                           tls_close_wait));
        co_await stream.async_shutdown(use_tuple);
    }
};

http_server::http_server(asio::io_context& ioc, config::server_config cfg,
                         std::shared_ptr<sys::tls_context> tls, handlers h)
    : impl_(std::make_shared<impl>(ioc, std::move(cfg), std::move(tls), std::move(h))) {}

http_server::~http_server() { stop(); }

void http_server::listen() {
    const auto& addr = impl_->cfg.http_listen;
    auto& a = impl_->acceptor;
    sys::listen_on(a, addr, "server.http_listen");
    impl_->bound_port = a.local_endpoint().port();
    log()->info("event=listening what={} address={}:{} max_connections={}",
                impl_->tls ? "https" : "http", addr.host, impl_->bound_port,
                impl_->cfg.max_connections);
    impl_->start_accepting();
}

void http_server::stop() {
    if (impl_) {
        impl_->stopping = true;
    }
    if (impl_ && impl_->acceptor.is_open()) {
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
    }
}

void http_server::reload(std::shared_ptr<sys::tls_context> tls, std::size_t max_connections) {
    impl_->tls = std::move(tls);
    impl_->limit.set_max(max_connections);
}

std::uint16_t http_server::port() const { return impl_->bound_port; }

}  // namespace alarmd::http
