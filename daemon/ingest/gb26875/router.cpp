#include "daemon/ingest/gb26875/router.hpp"

#include <ctime>
#include <unordered_map>

#include "daemon/ingest/gb26875/events.hpp"
#include "daemon/ingest/gb26875/status_memory.hpp"
#include "daemon/ingest/net/log_gate.hpp"
#include "daemon/ingest/net/retry_cache.hpp"
#include "daemon/pipeline/event_sink.hpp"
#include "daemon/pipeline/supervision.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "protocols/gb26875/app_data.hpp"
#include "protocols/gb26875/encoder.hpp"
#include "protocols/gb26875/error.hpp"

namespace alarmd::ingest {
namespace gb = protocols::gb26875;

namespace {

const auto& log() {
    static auto l = sys::logger("ingest.gb26875");
    return l;
}

std::string_view reason_name(const error_code& ec) {
    if (ec.category() != gb::category()) {
        return "error";
    }
    // clang-format off
    switch (static_cast<gb::errc>(ec.value())) {
        case gb::errc::bad_start: return "bad_start";
        case gb::errc::bad_end: return "bad_end";
        case gb::errc::bad_checksum: return "bad_checksum";
        case gb::errc::bad_length: return "bad_length";
        case gb::errc::bad_command: return "bad_command";
        case gb::errc::truncated: return "truncated";
        case gb::errc::app_size: return "app_size";
        case gb::errc::garbage: return "garbage";
    }
    // clang-format on
    return "error";
}

// The answer's time label: the centre's local time (the device's clock is local time too).
gb::time_label local_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    gb::time_label l;
    l.second = static_cast<std::uint8_t>(tm.tm_sec);
    l.minute = static_cast<std::uint8_t>(tm.tm_min);
    l.hour = static_cast<std::uint8_t>(tm.tm_hour);
    l.day = static_cast<std::uint8_t>(tm.tm_mday);
    l.month = static_cast<std::uint8_t>(tm.tm_mon + 1);
    l.year = static_cast<std::uint8_t>((tm.tm_year + 1900) % 100);
    return l;
}

std::string bytes_of(const std::vector<std::uint8_t>& v) {
    return {v.begin(), v.end()};
}

}  // namespace

struct gb26875_router::impl {
    impl(pipeline::event_sink& s, config::snapshot c, sys::metrics& m, pipeline::supervision& sv)
        : sink(s), metrics(m), supervision(sv) {
        index(std::move(c));
    }

    pipeline::event_sink& sink;
    sys::metrics& metrics;
    pipeline::supervision& supervision;
    config::snapshot cfg;
    std::unordered_map<std::uint64_t, const config::device*> by_address;  // into cfg
    status_memory memory;
    retry_cache retries;
    log_gate gate;
    std::uint64_t not_remembered_logged = 0;

    void index(config::snapshot c) {
        cfg = std::move(c);
        by_address.clear();
        for (const auto& d : cfg->devices) {
            if (d.protocol == config::device_protocol::gb26875) {
                by_address.emplace(std::stoull(d.address, nullptr, 16), &d);
            }
        }
    }

    void count(std::string_view answer, std::string_view reason) {
        metrics.gb26875_frames.add({{"answer", answer}, {"reason", reason}});
    }

    void log_rejected(const peer& from, const std::optional<gb::control_unit>& c,
                      std::string_view reason, std::string_view answer) {
        if (!gate.allow()) {
            return;
        }
        const auto suppressed = gate.take_suppressed();
        log()->info("event=frame_rejected peer={}:{} address={} serial={} reason={} answer={}{}",
                    from.address, from.port, c ? gb::address_text(c->source) : std::string("-"),
                    c ? std::to_string(c->serial) : std::string("-"), reason, answer,
                    suppressed ? " suppressed_lines=" + std::to_string(suppressed) : "");
    }

    void deny(const peer& from, const gb::control_unit& c, std::string_view reason,
              const reply_fn& reply) {
        count("deny", reason);
        log_rejected(from, c, reason, "deny");
        reply(bytes_of(gb::make_deny(c, local_now())), false);
    }

    void confirm(const gb::control_unit& c, std::string_view reason, bool accepted,
                 const reply_fn& reply) {
        count("confirm", reason);
        reply(bytes_of(gb::make_confirm(c, local_now())), accepted);
    }

    void on_frame(const gb::decoded& d, const peer& from, reply_fn reply) {
        if (!d) {
            const gb::rejection r = d.error();  // a copy in Boost 1.81
            if (!r.control) {
                count("none", reason_name(r.reason));
                log_rejected(from, r.control, reason_name(r.reason), "none");
                reply(std::string(), false);
                return;
            }
            deny(from, *r.control, reason_name(r.reason), reply);
            return;
        }
        const gb::frame& f = *d;
        const auto cmd = f.control.cmd;
        if (cmd == gb::command::confirm || cmd == gb::command::deny ||
            cmd == gb::command::response || cmd == gb::command::request) {
            // Answers to commands the centre never sent, or a request it does not serve.
            count("none", "not_a_request");
            log_rejected(from, f.control, "not_a_request", "none");
            reply(std::string(), false);
            return;
        }
        auto it = by_address.find(f.control.source);
        if (it == by_address.end()) {
            count("confirm", "unknown_device");
            if (gate.allow()) {
                log()->warn(
                    "event=gb26875_unknown_device address={} peer={}:{} serial={} "
                    "(confirmed, nothing stored; add a gb26875 device with this address)",
                    gb::address_text(f.control.source), from.address, from.port, f.control.serial);
            }
            reply(bytes_of(gb::make_confirm(f.control, local_now())), false);
            return;
        }
        const config::device& dev = *it->second;
        if (f.is_heartbeat() || cmd != gb::command::send_data) {
            // Heartbeat, a control answer or a vendor command: alive, nothing to store.
            supervision.touch(dev.id);
            confirm(f.control, f.is_heartbeat() ? "heartbeat" : "other_command", true, reply);
            return;
        }
        auto unit = gb::decode_app_data(f.app_data);
        if (!unit) {
            deny(from, f.control, reason_name(unit.error()), reply);
            return;
        }
        supervision.touch(dev.id);
        ingest(f, *unit, dev, from, std::move(reply));
    }

    void ingest(const gb::frame& f, const gb::app_data& unit, const config::device& dev,
                const peer& from, reply_fn reply) {
        std::uint64_t digest = retry_cache::offset;
        retry_cache::add(digest, std::string_view(reinterpret_cast<const char*>(f.app_data.data()),
                                                  f.app_data.size()));
        const auto serial = f.control.serial;
        auto control = std::make_shared<gb::control_unit>(f.control);
        const auto state = retries.begin(dev.id, serial, digest, retry_cache::clock::now(),
                                         [this, control, reply](bool durable) {
                                             // A copy that came while the first was stored.
                                             if (durable) {
                                                 confirm(*control, "retry", true, reply);
                                             } else {
                                                 count("none", "not_durable");
                                                 reply(std::string(), false);
                                             }
                                         });
        if (state == retry_cache::state::durable) {
            confirm(f.control, "retry", true, reply);
            return;
        }
        if (state == retry_cache::state::pending) {
            return;  // the waiter above answers
        }
        auto found = events_of(unit, dev, memory);
        if (found.not_remembered > 0 && not_remembered_logged++ % 1000 == 0) {
            log()->warn(
                "event=gb26875_memory_full device={} capacity={} (statuses not "
                "remembered: their restores cannot be told)",
                dev.id, memory.capacity());
        }
        if (found.events.empty()) {
            retries.finish(dev.id, serial, digest, true, retry_cache::clock::now());
            confirm(f.control, "no_events", true, reply);
            return;
        }
        struct batch {
            std::size_t remaining = 0;
            bool stored = true;
            std::shared_ptr<gb::control_unit> control;
            reply_fn reply;
            std::uint64_t digest = 0;
            std::string device_id;
            gb26875_events undo;
            ingest::peer from;
        };
        auto b = std::make_shared<batch>();
        b->remaining = found.events.size();
        b->control = control;
        b->reply = std::move(reply);
        b->digest = digest;
        b->device_id = dev.id;
        b->from = from;
        auto events = std::move(found.events);
        found.events.clear();
        b->undo = std::move(found);
        for (auto& ev : events) {
            sink.site().locate(ev, dev);
            log()->debug("event=gb26875_event device={} zone={} code={} category={} kind={}",
                         ev.device, ev.zone, ev.code, core::to_string(ev.what),
                         core::to_string(ev.kind));
            sink.ingest(std::move(ev), [this, b](const pipeline::ingest_result& r) {
                b->stored = b->stored && r.stored;
                if (--b->remaining > 0) {
                    return;
                }
                retries.finish(b->device_id, b->control->serial, b->digest, b->stored,
                               retry_cache::clock::now());
                if (b->stored) {
                    confirm(*b->control, "ok", true, b->reply);
                    return;
                }
                // Reached the guards from memory but not stored: no confirm, the device sends
                // the frame again, and its statuses must then still read as changes.
                undo(b->undo, b->device_id, memory);
                count("none", "not_durable");
                log()->warn(
                    "event=gb26875_not_confirmed reason=not_durable device={} serial={} "
                    "peer={}:{}",
                    b->device_id, b->control->serial, b->from.address, b->from.port);
                b->reply(std::string(), false);
            });
        }
    }

    void adopt_open_incidents() {
        sink.for_each_open([this](const core::incident& inc) {
            for (const auto& z : inc.zones) {
                const auto* dev = sink.site().device(z.device);
                if (dev == nullptr || dev->protocol != config::device_protocol::gb26875 ||
                    z.restored) {
                    continue;
                }
                if (const auto bits = bits_of_code(z.zone, z.code); bits != 0) {
                    memory.set(z.device, z.zone, memory.get(z.device, z.zone) | bits);
                }
            }
        });
    }
};

gb26875_router::gb26875_router(pipeline::event_sink& sink, config::snapshot cfg, sys::metrics& m,
                               pipeline::supervision& supervision)
    : impl_(std::make_unique<impl>(sink, std::move(cfg), m, supervision)) {}

gb26875_router::~gb26875_router() = default;

void gb26875_router::reload(config::snapshot cfg) {
    impl_->index(std::move(cfg));
}

void gb26875_router::adopt_open_incidents() {
    impl_->adopt_open_incidents();
}

void gb26875_router::on_frame(const gb::decoded& d, const peer& from, reply_fn reply) {
    impl_->on_frame(d, from, std::move(reply));
}

}  // namespace alarmd::ingest
