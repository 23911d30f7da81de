#include "daemon/ingest/intercom/receiver.hpp"

#include <boost/asio/io_context.hpp>

#include "daemon/pipeline/supervision.hpp"

namespace alarmd::ingest {

namespace {

// http devices with their own `supervision` only: an integration that never sends heartbeats
// must not fault for being quiet.
[[nodiscard]] bool supervised(const config::device& d) {
    return d.protocol == config::device_protocol::http && d.supervision.has_value();
}

pipeline::supervised_devices http_devices() {
    pipeline::supervised_devices s;
    s.protocol = config::device_protocol::http;
    s.from = core::source::intercom;
    s.logger = "ingest.intercom";
    // Never used: every watched device has its own interval.
    s.default_interval = [](const config::config&) {
        return config::duration{std::chrono::minutes(5)};
    };
    s.watched = supervised;
    return s;
}

}  // namespace

struct intercom_receiver::impl {
    impl(boost::asio::io_context& ioc, pipeline::event_sink& sink, config::snapshot c)
        : supervision(ioc, sink, std::move(c), http_devices()) {}

    pipeline::supervision supervision;
};

intercom_receiver::intercom_receiver(boost::asio::io_context& ioc, pipeline::event_sink& sink,
                                     config::snapshot cfg)
    : impl_(std::make_unique<impl>(ioc, sink, std::move(cfg))) {}

intercom_receiver::~intercom_receiver() = default;

void intercom_receiver::start() {
    impl_->supervision.start();
}

void intercom_receiver::reload(config::snapshot cfg) {
    impl_->supervision.reload(std::move(cfg));
}

void intercom_receiver::stop() {
    impl_->supervision.stop();
}

bool intercom_receiver::heard(const config::device& d) {
    if (!supervised(d)) {
        return false;
    }
    impl_->supervision.touch(d.id);
    return true;
}

}  // namespace alarmd::ingest
