#include "daemon/ingest/sia/listener.hpp"

#include "daemon/ingest/net/stream_listener_impl.hpp"
#include "protocols/sia_dc09/decoder.hpp"

namespace alarmd::ingest {

template class stream_listener<protocols::sia_dc09::decoder>;

namespace {

using dc09_listener = stream_listener<protocols::sia_dc09::decoder>;

stream_handler<protocols::sia_dc09::decoder> stream_handler_of(sia_handler h) {
    stream_handler<protocols::sia_dc09::decoder> s;
    s.make_decoder = [keys = h.keys] { return protocols::sia_dc09::decoder(keys); };
    // TCP has no copy of the frame's bytes (the decoder keeps none): raw is empty.
    s.on_frame = [on_frame = std::move(h.on_frame)](const protocols::sia_dc09::decoded& d,
                                                    const peer& p, reply_fn reply) {
        on_frame(d, p, {}, std::move(reply));
    };
    return s;
}

stream_options stream_options_of(const sia_tcp_options& o) {
    stream_options s;
    s.name = "sia_tcp";
    s.config_key = "ingest.sia.tcp";
    s.logger = "ingest.sia";
    s.idle_timeout = o.idle_timeout;
    s.max_connections = o.max_connections;
    s.max_per_address = o.max_per_address;
    s.max_in_flight = o.max_in_flight;
    return s;
}

}  // namespace

struct sia_listener::impl {
    impl(boost::asio::io_context& ioc, config::listen_address address, sia_handler h,
         const sia_tcp_options& options)
        : listener(ioc, std::move(address), stream_handler_of(std::move(h)),
                   stream_options_of(options)) {}

    dc09_listener listener;
};

sia_listener::sia_listener(boost::asio::io_context& ioc, config::listen_address address,
                           sia_handler h, sia_tcp_options options)
    : impl_(std::make_unique<impl>(ioc, std::move(address), std::move(h), options)) {}

sia_listener::~sia_listener() = default;

void sia_listener::listen() {
    impl_->listener.listen();
}

void sia_listener::stop() {
    impl_->listener.stop();
}

std::uint16_t sia_listener::port() const {
    return impl_->listener.port();
}

std::size_t sia_listener::connections() const {
    return impl_->listener.connections();
}

std::uint64_t sia_listener::idle_closes() const {
    return impl_->listener.idle_closes();
}

}  // namespace alarmd::ingest
