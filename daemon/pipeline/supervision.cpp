#include "daemon/pipeline/supervision.hpp"

#include <optional>
#include <unordered_set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "daemon/core/supervision_table.hpp"
#include "daemon/pipeline/event_sink.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::pipeline {
namespace asio = boost::asio;

struct supervision::impl {
    impl(asio::io_context& ioc, event_sink& s, config::snapshot c, supervised_devices w)
        : sink(s),
          cfg(std::move(c)),
          what(std::move(w)),
          log(sys::logger(what.logger)),
          timer(ioc) {}

    event_sink& sink;
    config::snapshot cfg;
    supervised_devices what;
    std::shared_ptr<spdlog::logger> log;
    asio::steady_timer timer;
    core::supervision_table table;
    std::optional<core::supervision_table::clock::time_point> armed_for;
    bool stopped = false;

    config::duration interval_of(const config::device& d) const {
        return d.supervision ? *d.supervision : what.default_interval(*cfg);
    }

    void sync_devices() {
        const auto now = core::supervision_table::clock::now();
        std::unordered_set<std::string> present;
        for (const auto& d : cfg->devices) {
            if (d.protocol == what.protocol && what.watched(d)) {
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
        for (const auto& id : table.expire(core::supervision_table::clock::now())) {
            record(id, true);
        }
        arm();
    }

    // A comm_fault incident still open from before a restart (its supervision zone not
    // restored): the device is in fault already, and its next message restores that incident.
    // Devices this source does not watch are ignored by the table.
    void adopt_open_faults() {
        sink.for_each_open([this](const core::incident& inc) {
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
        const auto* dev = sink.site().device(id);
        if (dev == nullptr) {
            return;
        }
        const auto interval = table.interval_of(id).value_or(interval_of(*dev));
        core::event ev;
        ev.from = what.from;
        ev.device = id;
        ev.what = core::category::comm_fault;
        ev.kind = fault ? core::event_kind::fault : core::event_kind::fault_restore;
        ev.code = "supervision";
        ev.severity = core::default_severity(ev.what);
        ev.text = fault ? "no message from the device within " + std::to_string(interval.count()) +
                              " ms (link supervision)"
                        : "the device is reporting again";
        sink.site().locate(ev, *dev);
        if (fault) {
            log->warn("event=device_silent device={} protocol={} supervision_ms={}", id,
                      config::to_string(dev->protocol), interval.count());
        } else {
            log->info("event=device_back device={} protocol={}", id,
                      config::to_string(dev->protocol));
        }
        sink.ingest(std::move(ev), [id, fault, log = log](const ingest_result& r) {
            if (!r.stored) {
                log->warn("event=supervision_not_durable device={} kind={} event_id={}", id,
                          fault ? "fault" : "fault_restore", r.event_id);
            }
        });
    }
};

supervision::supervision(asio::io_context& ioc, event_sink& sink, config::snapshot cfg,
                         supervised_devices what)
    : impl_(std::make_unique<impl>(ioc, sink, std::move(cfg), std::move(what))) {}

supervision::~supervision() = default;

void supervision::start() {
    impl_->stopped = false;
    impl_->sync_devices();
    // Open incidents come back from Redis in chunks after start: look once they all are.
    impl_->sink.when_loaded([i = impl_.get()] {
        if (!i->stopped) {
            i->adopt_open_faults();
        }
    });
}

void supervision::reload(config::snapshot cfg) {
    impl_->cfg = std::move(cfg);
    impl_->sync_devices();
}

void supervision::stop() {
    impl_->stopped = true;
    impl_->timer.cancel();
    impl_->armed_for.reset();
}

void supervision::touch(const std::string& device_id) {
    auto& i = *impl_;
    if (i.table.touch(device_id, core::supervision_table::clock::now())) {
        i.record(device_id, false);
    }
    if (!i.armed_for) {
        i.arm();
    }
}

bool supervision::in_fault(const std::string& device_id) const {
    return impl_->table.in_fault(device_id);
}

}  // namespace alarmd::pipeline
