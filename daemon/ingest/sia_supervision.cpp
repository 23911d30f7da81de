#include "daemon/ingest/sia_supervision.hpp"

#include <optional>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "daemon/ingest/sia_supervision_table.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::ingest {
namespace asio = boost::asio;

namespace {

const auto& log() {
    static auto l = sys::logger("ingest.sia");
    return l;
}

constexpr config::duration fallback_interval = config::sia_ingest{}.supervision;

}  // namespace

struct sia_supervision::impl {
    impl(asio::io_context& ioc, pipeline::pipeline& p, config::snapshot c)
        : pipe(p), cfg(std::move(c)), timer(ioc) {}

    pipeline::pipeline& pipe;
    config::snapshot cfg;
    asio::steady_timer timer;
    sia_supervision_table table;
    std::optional<sia_supervision_table::clock::time_point> armed_for;
    bool stopped = false;

    config::duration interval_of(const config::device& d) const {
        if (d.supervision) {
            return *d.supervision;
        }
        return cfg->ingest.sia ? cfg->ingest.sia->supervision : fallback_interval;
    }

    void sync_devices() {
        const auto now = sia_supervision_table::clock::now();
        std::unordered_set<std::string> present;
        for (const auto& d : cfg->devices) {
            if (d.protocol == config::device_protocol::sia && !d.account.empty()) {
                present.insert(d.id);
                table.watch(d.id, interval_of(d), now);
            }
        }
        for (const auto& id : table.devices()) {
            if (!present.contains(id)) {
                table.unwatch(id);
            }
        }
        arm();
    }

    // One timer for the earliest deadline. Deadlines only move later on a message, so a timer
    // that fires early finds nothing due and is set again.
    void arm() {
        if (stopped) {
            return;
        }
        const auto next = table.next_deadline();
        if (!next || (armed_for && *armed_for <= *next)) {
            return;
        }
        armed_for = *next;
        timer.expires_at(*next);
        timer.async_wait([this](boost::system::error_code ec) {
            if (ec == asio::error::operation_aborted) {
                return;
            }
            armed_for.reset();
            on_due();
        });
    }

    void on_due() {
        for (const auto& id : table.expire(sia_supervision_table::clock::now())) {
            record(id, true);
        }
        arm();
    }

    // A comm_fault incident still open from before a restart (its supervision zone not
    // restored): the panel is in fault already, and its next message restores that incident.
    void adopt_open_faults() {
        pipe.for_each_open([this](const core::incident& inc) {
            if (inc.what != core::category::comm_fault) {
                return;
            }
            for (const auto& z : inc.zones) {
                if (z.zone.empty() && z.code == "supervision" && !z.restored) {
                    table.mark_fault(z.device);
                }
            }
        });
        arm();
    }

    void record(const std::string& id, bool fault) {
        const auto* dev = pipe.site().device(id);
        if (dev == nullptr) {
            return;
        }
        const auto interval = table.interval_of(id).value_or(interval_of(*dev));
        core::event ev;
        ev.from = core::source::sia;
        ev.device = id;
        ev.what = core::category::comm_fault;
        ev.kind = fault ? core::event_kind::fault : core::event_kind::fault_restore;
        ev.code = "supervision";
        ev.severity = core::default_severity(ev.what);
        ev.text = fault ? "no message from the panel within " + std::to_string(interval.count()) +
                              " ms (link supervision)"
                        : "the panel is reporting again";
        pipe.site().locate(ev, *dev);
        if (fault) {
            log()->warn("event=panel_silent device={} account={} supervision_ms={}", id,
                        dev->account, interval.count());
        } else {
            log()->info("event=panel_back device={} account={}", id, dev->account);
        }
        pipe.ingest(std::move(ev), [id, fault](const pipeline::ingest_result& r) {
            if (!r.stored) {
                log()->warn("event=supervision_not_durable device={} kind={} event_id={}", id,
                            fault ? "fault" : "fault_restore", r.event_id);
            }
        });
    }
};

sia_supervision::sia_supervision(asio::io_context& ioc, pipeline::pipeline& pipe,
                                 config::snapshot cfg)
    : impl_(std::make_unique<impl>(ioc, pipe, std::move(cfg))) {}

sia_supervision::~sia_supervision() = default;

void sia_supervision::start() {
    impl_->stopped = false;
    impl_->sync_devices();
    // Open incidents come back from Redis in chunks after start: look once they all are.
    impl_->pipe.when_loaded([i = impl_.get()] {
        if (!i->stopped) {
            i->adopt_open_faults();
        }
    });
}

void sia_supervision::reload(config::snapshot cfg) {
    impl_->cfg = std::move(cfg);
    impl_->sync_devices();
}

void sia_supervision::stop() {
    impl_->stopped = true;
    impl_->timer.cancel();
    impl_->armed_for.reset();
}

void sia_supervision::touch(const std::string& device_id) {
    auto& i = *impl_;
    if (i.table.touch(device_id, sia_supervision_table::clock::now())) {
        i.record(device_id, false);
    }
    if (!i.armed_for) {
        i.arm();
    }
}

bool sia_supervision::in_fault(const std::string& device_id) const {
    return impl_->table.in_fault(device_id);
}

}  // namespace alarmd::ingest
