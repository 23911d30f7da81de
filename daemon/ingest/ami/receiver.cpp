#include "daemon/ingest/ami/receiver.hpp"

#include "daemon/ingest/ami/call_tracker.hpp"
#include "daemon/ingest/ami/client.hpp"
#include "daemon/ingest/ami/hotline_events.hpp"
#include "daemon/pipeline/event_sink.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/log_escape.hpp"
#include "daemon/sys/metrics.hpp"
#include "protocols/ami/message.hpp"

namespace alarmd::ingest {

namespace {

auto log() {
    return sys::logger("ingest.ami");
}

std::string_view outcome(hotline_call_update::what w) {
    switch (w) {
        case hotline_call_update::what::started:
            return "started";
        case hotline_call_update::what::answered:
            return "answered";
        case hotline_call_update::what::missed:
            return "missed";
        case hotline_call_update::what::ended:
            return "ended";
    }
    return "unknown";
}

bool same_connection(const config::ami_ingest& a, const config::ami_ingest& b) {
    return a.host == b.host && a.port == b.port && a.username == b.username &&
           a.secret == b.secret && a.ping_interval == b.ping_interval &&
           a.reconnect_max == b.reconnect_max;
}

}  // namespace

struct ami_receiver::impl {
    impl(boost::asio::io_context& io, pipeline::event_sink& s, config::snapshot c, sys::metrics& mx)
        : ioc(io), sink(s), cfg(std::move(c)), metrics(mx), tracker(cfg->ingest.ami->hotline) {}

    boost::asio::io_context& ioc;
    pipeline::event_sink& sink;
    config::snapshot cfg;
    sys::metrics& metrics;
    hotline_call_tracker tracker;
    std::unique_ptr<ami_client> client;
    bool up = false;
    std::string down_reason = "not connected yet";

    void connect() {
        ami_client_handlers h;
        h.on_event = [this](const protocols::ami::message& m) { on_event(m); };
        h.on_state = [this](bool is_up, const std::string& why) { on_state(is_up, why); };
        client = std::make_unique<ami_client>(ioc, *cfg->ingest.ami, std::move(h));
        client->start();
    }

    void on_state(bool is_up, const std::string& why) {
        up = is_up;
        down_reason = is_up ? std::string() : why;
        if (is_up) {
            return;
        }
        // What was under way cannot be followed: a call that is missed now is not seen.
        for (const auto& u : tracker.reset()) {
            log()->warn(
                "event=hotline_call_unfollowed linkedid={} caller=\"{}\" line={} "
                "reason=\"the AMI connection was lost during the call\"",
                u.linkedid, sys::escape_log_text(u.caller), u.line);
        }
    }

    void on_event(const protocols::ami::message& m) {
        auto u = tracker.on_message(m);
        if (!u) {
            return;
        }
        metrics.hotline_calls.add("outcome=\"" + std::string(outcome(u->kind)) + "\"");
        log()->info("event=hotline_call state={} linkedid={} caller=\"{}\" line={}{}{}",
                    outcome(u->kind), u->linkedid, sys::escape_log_text(u->caller), u->line,
                    u->agent.empty() ? "" : " agent=", sys::escape_log_text(u->agent));
        auto ev = hotline_event(*u, cfg->residents);
        if (!ev) {
            return;
        }
        sink.ingest(std::move(*ev), [linkedid = u->linkedid](const pipeline::ingest_result& r) {
            if (!r.stored) {
                // The guards have it from memory; Asterisk cannot send the call again.
                log()->error(
                    "event=hotline_event_not_stored linkedid={} event_id={} "
                    "incident={}",
                    linkedid, r.event_id, r.incident_id);
            }
        });
    }
};

ami_receiver::ami_receiver(boost::asio::io_context& ioc, pipeline::event_sink& sink,
                           config::snapshot cfg, sys::metrics& m)
    : impl_(std::make_unique<impl>(ioc, sink, std::move(cfg), m)) {}

ami_receiver::~ami_receiver() {
    stop();
    impl_->metrics.ami_up = nullptr;
}

void ami_receiver::start() {
    impl_->connect();
    impl_->metrics.ami_up = [p = impl_.get()] { return p->up; };
}

void ami_receiver::reload(config::snapshot cfg) {
    auto& i = *impl_;
    if (!cfg->ingest.ami) {
        return;  // removing the section takes a restart, as adding it does
    }
    const bool reconnect = !same_connection(*i.cfg->ingest.ami, *cfg->ingest.ami);
    i.tracker.set_hotline(cfg->ingest.ami->hotline);
    i.cfg = std::move(cfg);
    if (reconnect && i.client) {
        log()->info("event=ami_reconnect reason=\"ingest.ami changed\"");
        i.client.reset();
        i.on_state(false, "reconnecting after a reload");
        i.connect();
    }
}

void ami_receiver::stop() {
    impl_->client.reset();
}

std::vector<sys::component_health> ami_receiver::health() const {
    return {{"ami", impl_->up, impl_->down_reason}};
}

}  // namespace alarmd::ingest
