#pragma once
// One accepted TCP connection, plain or TLS, behind one type. The HTTP session and the WebSocket
// session are written (and compiled) once for both: a template over the stream type would build
// Beast's HTTP and WebSocket code twice. Each operation goes through an
// asio::any_completion_handler to the TCP or TLS stream in byte_stream.cpp, the only file that
// instantiates the TLS engine. The connection's slot of server.max_connections lives here, so it
// is given back when the connection ends, whoever owns it then.
#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/system/error_code.hpp>

#include "daemon/sys/connection_limit.hpp"

namespace alarmd::sys {

class tls_context;

class byte_stream {
public:
    using executor_type = boost::asio::any_io_executor;
    using io_handler =
        boost::asio::any_completion_handler<void(boost::system::error_code, std::size_t)>;
    using done_handler = boost::asio::any_completion_handler<void(boost::system::error_code)>;

    // Up to 24 buffers of a sequence to write; a write may take less than offered, and the
    // caller writes the rest next. Enough for an HTTP answer (a buffer per header field, then
    // the body) to leave in one system call.
    struct const_buffers {
        std::array<boost::asio::const_buffer, 24> items{};
        std::size_t count = 0;
        [[nodiscard]] const boost::asio::const_buffer* begin() const { return items.data(); }
        [[nodiscard]] const boost::asio::const_buffer* end() const { return items.data() + count; }
    };

    // A plain TCP connection.
    [[nodiscard]] static byte_stream plain(boost::asio::ip::tcp::socket socket,
                                           connection_limit::slot slot);
    // The server side of a TLS connection with `ctx` (held as long as the connection).
    [[nodiscard]] static byte_stream tls(boost::asio::ip::tcp::socket socket,
                                         std::shared_ptr<tls_context> ctx,
                                         connection_limit::slot slot);

    byte_stream(byte_stream&& other) noexcept;
    byte_stream& operator=(byte_stream&& other) noexcept;
    ~byte_stream();

    [[nodiscard]] executor_type get_executor() const noexcept;
    [[nodiscard]] bool is_tls() const;
    // "address:port" of the peer, for log lines ("?" when unknown).
    [[nodiscard]] const std::string& peer() const;

    // A fixed kernel send buffer (errors ignored).
    void set_send_buffer_size(int bytes);
    // A deadline for the operations that follow (the TLS handshake, an HTTP request); when it
    // passes, the connection is closed and they end with beast::error::timeout.
    void expires_after(std::chrono::steady_clock::duration d);
    void expires_never();
    // Cuts the connection at once: pending operations end with operation_aborted.
    void close();

    // The TLS handshake (server side); a plain connection completes at once.
    template <class Token>
    auto async_handshake(Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [](auto handler, byte_stream* self) { self->start_handshake(std::move(handler)); },
            token, this);
    }

    // The end of an HTTP connection: TLS sends close_notify (and waits, within the deadline,
    // for the peer's); a plain connection shuts its sending side.
    template <class Token>
    auto async_shutdown(Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
            [](auto handler, byte_stream* self) { self->start_shutdown(std::move(handler)); },
            token, this);
    }

    template <class MutableBufferSequence, class Token>
    auto async_read_some(const MutableBufferSequence& buffers, Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [](auto handler, byte_stream* self, boost::asio::mutable_buffer b) {
                self->start_read(b, std::move(handler));
            },
            token, this, first_of(buffers));
    }

    template <class ConstBufferSequence, class Token>
    auto async_write_some(const ConstBufferSequence& buffers, Token&& token) {
        return boost::asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [](auto handler, byte_stream* self, const_buffers b) {
                self->start_write(b, std::move(handler));
            },
            token, this, gather(buffers));
    }

    // The WebSocket closing handshake's last step (see async_teardown below).
    void start_teardown(boost::beast::role_type role, done_handler handler);

    class impl;

private:
    explicit byte_stream(std::unique_ptr<impl> i);

    // Reading may fill less than offered: the first non-empty buffer is enough.
    template <class MutableBufferSequence>
    static boost::asio::mutable_buffer first_of(const MutableBufferSequence& buffers) {
        const auto end = boost::asio::buffer_sequence_end(buffers);
        for (auto it = boost::asio::buffer_sequence_begin(buffers); it != end; ++it) {
            boost::asio::mutable_buffer b(*it);
            if (b.size() > 0) {
                return b;
            }
        }
        return {};
    }

    template <class ConstBufferSequence>
    static const_buffers gather(const ConstBufferSequence& buffers) {
        const_buffers out;
        const auto end = boost::asio::buffer_sequence_end(buffers);
        for (auto it = boost::asio::buffer_sequence_begin(buffers);
             it != end && out.count < out.items.size(); ++it) {
            boost::asio::const_buffer b(*it);
            if (b.size() > 0) {
                out.items[out.count++] = b;
            }
        }
        return out;
    }

    void start_handshake(done_handler handler);
    void start_shutdown(done_handler handler);
    void start_read(boost::asio::mutable_buffer b, io_handler handler);
    void start_write(const const_buffers& b, io_handler handler);

    std::unique_ptr<impl> impl_;
};

// Beast's customization points for websocket::stream<byte_stream>, found by argument-dependent
// lookup: closing the connection on a timeout, and the end of the closing handshake.
void beast_close_socket(byte_stream& s);
void teardown(boost::beast::role_type role, byte_stream& s, boost::system::error_code& ec);

template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, byte_stream& s, TeardownHandler&& handler) {
    s.start_teardown(role, byte_stream::done_handler(std::forward<TeardownHandler>(handler)));
}

}  // namespace alarmd::sys
