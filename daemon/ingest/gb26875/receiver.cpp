#include "daemon/ingest/gb26875/receiver.hpp"

#include <ctime>
#include <optional>

#include "daemon/ingest/gb26875/router.hpp"
#include "daemon/ingest/net/stream_listener_impl.hpp"
#include "daemon/pipeline/event_sink.hpp"
#include "daemon/pipeline/supervision.hpp"
#include "daemon/sys/metrics.hpp"
#include "protocols/gb26875/decoder.hpp"

namespace alarmd::ingest {

template class stream_listener<protocols::gb26875::decoder>;

namespace {

using gb_listener = stream_listener<protocols::gb26875::decoder>;

// Every gb26875 device; the default interval is ingest.gb26875.supervision.
pipeline::supervised_devices supervised() {
    pipeline::supervised_devices s;
    s.protocol = config::device_protocol::gb26875;
    s.from = core::source::gb26875;
    s.logger = "ingest.gb26875";
    s.default_interval = [](const config::config& c) {
        return c.ingest.gb26875 ? c.ingest.gb26875->supervision
                                : config::gb26875_ingest{}.supervision;
    };
    return s;
}

stream_options listener_options(const config::gb26875_ingest& g) {
    stream_options o;
    o.name = "gb26875_tcp";
    o.config_key = "ingest.gb26875.tcp";
    o.logger = "ingest.gb26875";
    o.idle_timeout = g.idle_timeout;
    o.max_connections = g.max_connections;
    o.max_per_address = g.max_per_address;
    return o;
}

}  // namespace

struct gb26875_receiver::impl {
    impl(boost::asio::io_context& io, pipeline::event_sink& s, const config::snapshot& c,
         sys::metrics& mx)
        : ioc(io),
          sink(s),
          cfg(c),
          metrics(mx),
          supervision(io, s, c, supervised()),
          router(s, c, mx, supervision) {}

    boost::asio::io_context& ioc;
    pipeline::event_sink& sink;
    config::snapshot cfg;
    sys::metrics& metrics;
    pipeline::supervision supervision;
    gb26875_router router;
    std::optional<gb_listener> tcp;
    bool stopped = false;
};

gb26875_receiver::gb26875_receiver(boost::asio::io_context& ioc, pipeline::event_sink& sink,
                                   config::snapshot cfg, sys::metrics& m)
    : impl_(std::make_unique<impl>(ioc, sink, cfg, m)) {
    tzset();  // the answers' local time: read the zone now, not on the event loop later
}

gb26875_receiver::~gb26875_receiver() {
    stop();
    impl_->metrics.gb26875_connections = nullptr;
}

void gb26875_receiver::start() {
    auto& i = *impl_;
    if (!i.cfg->ingest.gb26875) {
        return;
    }
    const auto& g = *i.cfg->ingest.gb26875;
    if (g.tcp) {
        stream_handler<protocols::gb26875::decoder> h;
        h.make_decoder = [] { return protocols::gb26875::decoder(); };
        h.on_frame = [r = &i.router](const protocols::gb26875::decoded& d, const peer& from,
                                     reply_fn reply) { r->on_frame(d, from, std::move(reply)); };
        i.tcp.emplace(i.ioc, *g.tcp, std::move(h), listener_options(g));
        i.tcp->listen();
        i.metrics.gb26875_connections = [this] {
            return static_cast<std::int64_t>(impl_->tcp ? impl_->tcp->connections() : 0);
        };
    }
    i.supervision.start();
    // Open incidents come back from Redis in chunks after start: look once they all are.
    i.sink.when_loaded([p = impl_.get()] {
        if (!p->stopped) {
            p->router.adopt_open_incidents();
        }
    });
}

void gb26875_receiver::reload(config::snapshot cfg) {
    impl_->cfg = cfg;
    impl_->router.reload(cfg);
    impl_->supervision.reload(std::move(cfg));
}

void gb26875_receiver::stop() {
    impl_->stopped = true;
    if (impl_->tcp) {
        impl_->tcp->stop();
    }
    impl_->supervision.stop();
}

std::vector<listening> gb26875_receiver::listening_on() const {
    if (!impl_->tcp) {
        return {};
    }
    return {{"gb26875.tcp", impl_->tcp->port()}};
}

}  // namespace alarmd::ingest
