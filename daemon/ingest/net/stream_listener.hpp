#pragma once
// A framed request/answer protocol over TCP, for any sans-I/O stream decoder (DC-09,
// GB/T 26875.3, ...): an acceptor and one session per device connection. A session feeds the
// decoder (its buffer is the per-connection size limit), hands each decoded item to the handler
// and writes the answers in the order of the frames, with at most `max_in_flight` frames awaiting
// their answer (then it stops reading: back-pressure). A connection that has no frame accepted
// within the idle limit (silence, garbage, bad checksums, unknown senders, half a frame) is
// closed. Connections beyond the limits, in all or from one address, are closed at once.
//
// The implementation is in stream_listener_impl.hpp; a receiver instantiates it once for its
// decoder in one .cpp (`template class stream_listener<its_decoder>;`).
//
// A Decoder has `std::size_t feed(std::string_view)` (takes what fits), `next()` returning
// `std::optional<item>` (nullopt: needs more bytes; it always makes room) and `buffered()`.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "daemon/config/config.hpp"
#include "daemon/ingest/net/peer.hpp"

namespace boost::asio {
class io_context;
}

namespace alarmd::ingest {

struct stream_options {
    std::string name = "tcp";               // in log lines: what=NAME
    std::string config_key = "ingest.tcp";  // in the error when it cannot bind
    std::string logger = "ingest";
    // No accepted frame within this: the connection is closed.
    std::chrono::milliseconds idle_timeout{60000};
    std::size_t max_connections = 4096;
    std::size_t max_per_address = 64;
    // Frames of one connection handed on and not yet answered; then reading pauses.
    std::size_t max_in_flight = 64;
};

template <class Decoder>
struct stream_handler {
    using item = typename decltype(std::declval<Decoder&>().next())::value_type;

    // A decoder for a new connection.
    std::function<Decoder()> make_decoder;
    // One decoded item (a frame or a rejection); the item is valid only during the call.
    std::function<void(const item&, const peer&, reply_fn)> on_frame;
};

template <class Decoder>
class stream_listener {
public:
    stream_listener(boost::asio::io_context& ioc, config::listen_address address,
                    stream_handler<Decoder> h, stream_options options);
    ~stream_listener();
    stream_listener(const stream_listener&) = delete;
    stream_listener& operator=(const stream_listener&) = delete;

    // Binds and starts accepting. Throws std::runtime_error naming the address on failure.
    void listen();
    // Stops accepting; open connections stop reading, get the answers still due, and close.
    void stop();

    [[nodiscard]] std::uint16_t port() const;
    [[nodiscard]] std::size_t connections() const;
    // Connections closed because they completed no frame within the idle limit.
    [[nodiscard]] std::uint64_t idle_closes() const;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace alarmd::ingest
