#include "daemon/ingest/sia/receiver.hpp"

#include <optional>

#include "daemon/ingest/sia/router.hpp"
#include "daemon/pipeline/supervision.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"

namespace alarmd::ingest {

namespace {

// DC-09 panels with an account; the default interval is ingest.sia.supervision.
pipeline::supervised_devices supervised() {
    pipeline::supervised_devices s;
    s.protocol = config::device_protocol::sia;
    s.from = core::source::sia;
    s.logger = "ingest.sia";
    s.default_interval = [](const config::config& c) {
        return c.ingest.sia ? c.ingest.sia->supervision : config::sia_ingest{}.supervision;
    };
    s.watched = [](const config::device& d) { return !d.account.empty(); };
    return s;
}

// What lets anyone on the estate's network raise or silence alarms: said at every start and
// reload, so it is fixed rather than forgotten.
void warn_open_accounts(const config::config& cfg) {
    for (const auto& d : cfg.devices) {
        if (d.protocol == config::device_protocol::sia && d.key_hex.empty() &&
            d.allowed_sources.empty()) {
            sys::logger("ingest.sia")
                ->warn(
                    "event=sia_account_open device={} account={} (no key and any source "
                    "address: anyone who can reach the receiver can send as this panel, "
                    "arm, disarm and bypass included; set key or allowed_sources)",
                    d.id, d.account);
        }
    }
}

}  // namespace

struct sia_receiver::impl {
    impl(boost::asio::io_context& io, pipeline::event_sink& p, const config::snapshot& c,
         sys::metrics& mx, sia_receiver_options o)
        : ioc(io),
          cfg(c),
          metrics(mx),
          options(o),
          supervision(io, p, c, supervised()),
          router(p, *c, mx, supervision) {}

    boost::asio::io_context& ioc;
    config::snapshot cfg;
    sys::metrics& metrics;
    sia_receiver_options options;
    pipeline::supervision supervision;
    sia_router router;
    std::optional<sia_listener> tcp;
    std::optional<sia_udp> udp;
};

sia_receiver::sia_receiver(boost::asio::io_context& ioc, pipeline::event_sink& pipe,
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
    warn_open_accounts(*i.cfg);
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
    warn_open_accounts(*cfg);
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

std::vector<listening> sia_receiver::listening_on() const {
    std::vector<listening> out;
    if (impl_->tcp) {
        out.push_back({"sia.tcp", impl_->tcp->port()});
    }
    if (impl_->udp) {
        out.push_back({"sia.udp", impl_->udp->port()});
    }
    return out;
}

std::uint16_t sia_receiver::tcp_port() const {
    return impl_->tcp ? impl_->tcp->port() : 0;
}

std::uint16_t sia_receiver::udp_port() const {
    return impl_->udp ? impl_->udp->port() : 0;
}

}  // namespace alarmd::ingest
