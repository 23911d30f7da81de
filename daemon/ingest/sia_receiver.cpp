#include "daemon/ingest/sia_receiver.hpp"

#include <optional>

#include "daemon/ingest/sia_router.hpp"
#include "daemon/ingest/sia_supervision.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"

namespace alarmd::ingest {

struct sia_receiver::impl {
    impl(boost::asio::io_context& io, pipeline::pipeline& p, const config::snapshot& c,
         sys::metrics& mx, sia_receiver_options o)
        : ioc(io),
          cfg(c),
          metrics(mx),
          options(o),
          supervision(io, p, c),
          router(p, *c, mx, supervision) {}

    boost::asio::io_context& ioc;
    config::snapshot cfg;
    sys::metrics& metrics;
    sia_receiver_options options;
    sia_supervision supervision;
    sia_router router;
    std::optional<sia_listener> tcp;
    std::optional<sia_udp> udp;
};

sia_receiver::sia_receiver(boost::asio::io_context& ioc, pipeline::pipeline& pipe,
                           config::snapshot cfg, sys::metrics& m, sia_receiver_options options)
    : impl_(std::make_unique<impl>(ioc, pipe, cfg, m, options)) {}

sia_receiver::~sia_receiver() {
    stop();
    impl_->metrics.sia_connections = nullptr;
}

void sia_receiver::start() {
    auto& i = *impl_;
    if (!i.cfg->ingest.sia) {
        return;
    }
    const auto& sia = *i.cfg->ingest.sia;
    i.options.tcp.max_connections = sia.max_connections;
    i.options.tcp.max_per_address = sia.max_per_address;
    i.options.tcp.idle_timeout = sia.idle_timeout;
    if (sia.tcp) {
        i.tcp.emplace(i.ioc, *sia.tcp, i.router.handler(), i.options.tcp);
        i.tcp->listen();
        i.metrics.sia_connections = [this] {
            return static_cast<std::int64_t>(impl_->tcp ? impl_->tcp->connections() : 0);
        };
    }
    if (sia.udp) {
        i.udp.emplace(i.ioc, *sia.udp, i.router.handler(), i.options.udp);
        i.udp->listen();
    }
    i.supervision.start();
}

void sia_receiver::reload(config::snapshot cfg) {
    impl_->cfg = cfg;
    impl_->router.reload(*cfg);
    impl_->supervision.reload(std::move(cfg));
}

void sia_receiver::stop() {
    auto& i = *impl_;
    if (i.tcp) {
        i.tcp->stop();
    }
    if (i.udp) {
        i.udp->stop();
    }
    i.supervision.stop();
}

std::uint16_t sia_receiver::tcp_port() const {
    return impl_->tcp ? impl_->tcp->port() : 0;
}

std::uint16_t sia_receiver::udp_port() const {
    return impl_->udp ? impl_->udp->port() : 0;
}

}  // namespace alarmd::ingest
