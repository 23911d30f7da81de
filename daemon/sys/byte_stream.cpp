#include "daemon/sys/byte_stream.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include "daemon/sys/tls_context.hpp"

namespace alarmd::sys {
namespace asio = boost::asio;
namespace beast = boost::beast;
using error_code = boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

std::string peer_of(const tcp::socket& s) {
    error_code ec;
    const auto ep = s.remote_endpoint(ec);
    return ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
}

// An erased handler's associated executor (asio::any_completion_executor) cannot be asked for
// blocking.never in Boost 1.81, which asio::post and some Beast operations do. Every connection
// runs on the one event-loop thread, so its handlers are bound to the connection's executor.
template <class Handler>
auto on_loop(const asio::any_io_executor& ex, Handler&& h) {
    return asio::bind_executor(ex, std::forward<Handler>(h));
}

// Completes `h` with `ec` from the event loop, never inside the call that started it.
void complete_later(const asio::any_io_executor& ex, byte_stream::done_handler h, error_code ec) {
    asio::post(ex, [h = std::move(h), ec]() mutable { std::move(h)(ec); });
}

}  // namespace

class byte_stream::impl {
public:
    impl(std::string peer, connection_limit::slot slot)
        : peer_(std::move(peer)), slot_(std::move(slot)) {}
    virtual ~impl() = default;
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;

    [[nodiscard]] virtual beast::tcp_stream& tcp() = 0;
    [[nodiscard]] virtual bool is_tls() const = 0;
    virtual void read(asio::mutable_buffer b, io_handler h) = 0;
    virtual void write(const const_buffers& b, io_handler h) = 0;
    virtual void handshake(done_handler h) = 0;
    virtual void shutdown(done_handler h) = 0;
    virtual void teardown(beast::role_type role, done_handler h) = 0;

    [[nodiscard]] const std::string& peer() const { return peer_; }

private:
    std::string peer_;
    connection_limit::slot slot_;  // given back when the connection is destroyed
};

namespace {

class plain_impl final : public byte_stream::impl {
public:
    plain_impl(tcp::socket socket, connection_limit::slot slot)
        : impl(peer_of(socket), std::move(slot)), stream_(std::move(socket)) {}

    beast::tcp_stream& tcp() override { return stream_; }
    bool is_tls() const override { return false; }
    void read(asio::mutable_buffer b, byte_stream::io_handler h) override {
        stream_.async_read_some(b, on_loop(stream_.get_executor(), std::move(h)));
    }
    void write(const byte_stream::const_buffers& b, byte_stream::io_handler h) override {
        stream_.async_write_some(b, on_loop(stream_.get_executor(), std::move(h)));
    }
    void handshake(byte_stream::done_handler h) override {
        complete_later(stream_.get_executor(), std::move(h), {});
    }
    void shutdown(byte_stream::done_handler h) override {
        error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        complete_later(stream_.get_executor(), std::move(h), ec);
    }
    void teardown(beast::role_type role, byte_stream::done_handler h) override {
        beast::websocket::async_teardown(role, stream_.socket(),
                                         on_loop(stream_.get_executor(), std::move(h)));
    }

private:
    beast::tcp_stream stream_;
};

class tls_impl final : public byte_stream::impl {
public:
    tls_impl(tcp::socket socket, std::shared_ptr<tls_context> ctx, connection_limit::slot slot)
        : impl(peer_of(socket), std::move(slot)),
          ctx_(std::move(ctx)),
          stream_(beast::tcp_stream(std::move(socket)), ctx_->native()) {}

    beast::tcp_stream& tcp() override { return beast::get_lowest_layer(stream_); }
    bool is_tls() const override { return true; }
    void read(asio::mutable_buffer b, byte_stream::io_handler h) override {
        stream_.async_read_some(b, on_loop(executor(), std::move(h)));
    }
    void write(const byte_stream::const_buffers& b, byte_stream::io_handler h) override {
        stream_.async_write_some(b, on_loop(executor(), std::move(h)));
    }
    void handshake(byte_stream::done_handler h) override {
        stream_.async_handshake(asio::ssl::stream_base::server, on_loop(executor(), std::move(h)));
    }
    void shutdown(byte_stream::done_handler h) override {
        stream_.async_shutdown(on_loop(executor(), std::move(h)));
    }
    void teardown(beast::role_type role, byte_stream::done_handler h) override {
        using beast::async_teardown;  // beast::ssl_stream's: close_notify, then the TCP side
        async_teardown(role, stream_, on_loop(executor(), std::move(h)));
    }

private:
    [[nodiscard]] asio::any_io_executor executor() { return stream_.get_executor(); }

    std::shared_ptr<tls_context> ctx_;  // declared first: outlives the stream made from it
    beast::ssl_stream<beast::tcp_stream> stream_;
};

}  // namespace

byte_stream::byte_stream(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
byte_stream::byte_stream(byte_stream&& other) noexcept = default;
byte_stream& byte_stream::operator=(byte_stream&& other) noexcept = default;
byte_stream::~byte_stream() = default;

byte_stream byte_stream::plain(tcp::socket socket, connection_limit::slot slot) {
    return byte_stream(std::make_unique<plain_impl>(std::move(socket), std::move(slot)));
}

byte_stream byte_stream::tls(tcp::socket socket, std::shared_ptr<tls_context> ctx,
                             connection_limit::slot slot) {
    return byte_stream(
        std::make_unique<tls_impl>(std::move(socket), std::move(ctx), std::move(slot)));
}

byte_stream::executor_type byte_stream::get_executor() const noexcept {
    return impl_->tcp().get_executor();
}

bool byte_stream::is_tls() const {
    return impl_->is_tls();
}

const std::string& byte_stream::peer() const {
    return impl_->peer();
}

void byte_stream::set_send_buffer_size(int bytes) {
    error_code ignored;
    impl_->tcp().socket().set_option(asio::socket_base::send_buffer_size(bytes), ignored);
}

void byte_stream::expires_after(std::chrono::steady_clock::duration d) {
    impl_->tcp().expires_after(d);
}

void byte_stream::expires_never() {
    impl_->tcp().expires_never();
}

void byte_stream::close() {
    error_code ignored;
    impl_->tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    impl_->tcp().close();
}

void byte_stream::start_handshake(done_handler handler) {
    impl_->handshake(std::move(handler));
}
void byte_stream::start_shutdown(done_handler handler) {
    impl_->shutdown(std::move(handler));
}
void byte_stream::start_teardown(beast::role_type role, done_handler handler) {
    impl_->teardown(role, std::move(handler));
}
void byte_stream::start_read(asio::mutable_buffer b, io_handler handler) {
    impl_->read(b, std::move(handler));
}
void byte_stream::start_write(const const_buffers& b, io_handler handler) {
    impl_->write(b, std::move(handler));
}

void beast_close_socket(byte_stream& s) {
    s.close();
}

void teardown(beast::role_type, byte_stream& s, error_code& ec) {
    ec = {};
    s.close();
}

}  // namespace alarmd::sys
