#include "daemon/pipeline/pipeline.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <boost/json.hpp>

#include "daemon/core/auto_resolve.hpp"
#include "daemon/core/escalation_rules.hpp"
#include "daemon/notify/ws_hub.hpp"
#include "daemon/pipeline/escalation.hpp"
#include "daemon/sys/failpoint.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "daemon/wire/json_text.hpp"
#include "daemon/wire/model_json.hpp"

namespace alarmd::pipeline {
namespace json = boost::json;

namespace {

const auto& log() {
    static auto l = sys::logger("pipeline");
    return l;
}

// Open incidents read back per round trip at start: the loop serves everything else between.
constexpr std::size_t load_chunk = 2000;
// Events that wait for the first load before they are dropped to correlation without it.
constexpr std::size_t waiting_limit = 100000;

std::int64_t epoch_ms(core::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::string timeline_entry(core::time_point at, std::string_view what, std::string_view who,
                           std::string_view detail) {
    return json::serialize(json::object{
        {"at", core::format_time(at)}, {"what", what}, {"who", who}, {"detail", detail}});
}

std::string_view past_tense(core::lifecycle_action a) {
    switch (a) {
        case core::lifecycle_action::ack:
            return "acknowledged";
        case core::lifecycle_action::arrive:
            return "on_site";
        case core::lifecycle_action::resolve:
            return "resolved";
        case core::lifecycle_action::review:
            return "reviewed";
        case core::lifecycle_action::hold:
            return "held";
    }
    return "changed";
}

// The incident's head and indexes for the store; the caller adds zones and timeline.
store::incident_write head_write(const core::incident& inc) {
    store::incident_write w;
    w.id = inc.id;
    w.head = wire::incident_text(inc, 0);
    w.state = std::string(core::to_string(inc.state));
    w.category = std::string(core::to_string(inc.what));
    w.building = inc.building;
    w.opened_ms = epoch_ms(inc.opened_at);
    w.open = inc.is_open();
    return w;
}

// The label sets counted for every event, made once.
const std::string& event_labels(core::source from, core::event_kind kind) {
    static const auto table = [] {
        std::array<std::array<std::string, 9>, 6> t;
        for (std::size_t s = 0; s < t.size(); ++s) {
            for (std::size_t k = 0; k < t[s].size(); ++k) {
                t[s][k] = sys::labels(
                    {{"source", core::to_string(static_cast<core::source>(s))},
                     {"kind", core::to_string(static_cast<core::event_kind>(k))}});
            }
        }
        return t;
    }();
    return table.at(static_cast<std::size_t>(from)).at(static_cast<std::size_t>(kind));
}

const std::string& verdict_labels(core::verdict v) {
    static const auto table = [] {
        std::array<std::string, 8> t;
        for (std::size_t i = 0; i < t.size(); ++i) {
            t[i] = sys::labels({{"verdict", core::to_string(static_cast<core::verdict>(i))}});
        }
        return t;
    }();
    return table.at(static_cast<std::size_t>(v));
}

// "severity.opened.id" (opened in clock ticks, exactly as the queue orders it): where a page of
// the queue ended.
std::string cursor_of(const core::incident& inc) {
    return std::to_string(inc.severity) + "." +
           std::to_string(inc.opened_at.time_since_epoch().count()) + "." + inc.id;
}

std::optional<core::urgency> parse_cursor(std::string_view s) {
    const auto a = s.find('.');
    const auto b = a == std::string_view::npos ? a : s.find('.', a + 1);
    if (b == std::string_view::npos) {
        return std::nullopt;
    }
    int severity = 0;
    core::clock::rep ticks = 0;
    if (std::from_chars(s.data(), s.data() + a, severity).ptr != s.data() + a ||
        std::from_chars(s.data() + a + 1, s.data() + b, ticks).ptr != s.data() + b) {
        return std::nullopt;
    }
    return core::urgency{severity, core::time_point{core::clock::duration{ticks}},
                         std::string(s.substr(b + 1))};
}

}  // namespace

pipeline::pipeline(config::snapshot cfg, store::incident_store& store, notify::ws_hub& hub,
                   sys::metrics& m)
    : cfg_(std::move(cfg)),
      store_(store),
      hub_(hub),
      metrics_(m),
      site_(*cfg_),
      correlator_({cfg_->correlation.dedupe_window, cfg_->correlation.group_window,
                   cfg_->correlation.bypass_max}) {}

void pipeline::ingest(core::event ev, ingest_done done) {
    const auto now = core::clock::now();
    ev.id = ids_.next("evt", now);
    ev.received_at = now;
    if (ev.occurred_at == core::time_point{}) {
        ev.occurred_at = now;
    }
    metrics_.events.add(event_labels(ev.from, ev.kind));
    if (loading_ && waiting_.size() < waiting_limit) {
        waiting_.emplace_back(std::move(ev), std::move(done));
        return;
    }
    correlate(std::move(ev), std::move(done));
}

void pipeline::correlate(core::event ev, ingest_done done) {
    const auto started = std::chrono::steady_clock::now();
    const auto now = core::clock::now();
    auto c = correlator_.on_event(ev, now, [this, now] { return ids_.next("inc", now); });
    metrics_.verdicts.add(verdict_labels(c.what));

    store::event_write w;
    w.event_id = ev.id;
    w.event_json = wire::event_text(ev);
    w.verdict = std::string(core::to_string(c.what));

    ingest_result result{ev.id, {}, c.what, c.reason, false};
    if (c.inc != nullptr) {
        auto& inc = *c.inc;
        result.incident_id = inc.id;
        w.incident_id = inc.id;
        // The incident's event list is capped now and then, not on every event.
        w.trim_events = inc.event_count % 64 == 0;
        auto iw = head_write(inc);
        const bool opened = c.what == core::verdict::opened;
        iw.reindex = opened;
        const auto zone = c.zone != nullptr ? wire::zone_text(*c.zone) : std::string{};
        if (c.zone != nullptr) {
            iw.zones.emplace(core::zone_key(c.zone->device, c.zone->zone), zone);
        }
        // The timeline tells how the incident grew: a new zone (a new caller, for a call), a
        // zone's first restore. Repeats, repeated calls and the restores of a flapping zone
        // only count in their zone (`count`, `restores`), so an incident's event lines are at
        // most 1 + 2 x zones_max however long it stays open.
        const bool first_restore = c.what == core::verdict::restored && c.zone != nullptr &&
                                   c.zone->restores == 1;
        if (c.new_zone || opened || first_restore) {
            iw.timeline.push_back(timeline_entry(
                now, opened ? std::string_view("opened") : core::to_string(c.what), ev.device,
                ev.id));
        }
        w.incident = std::move(iw);
        if (opened) {
            wire::json_text body;
            body.open()
                .key("incident").raw(wire::incident_text(inc))
                .key("event").raw(w.event_json)
                .close();
            hub_.publish_text("incident.opened", body.text());
            if (escalation_ != nullptr) {
                // Written with the incident (durable before the 202) and armed in memory now.
                w.incident->schedule = escalation_->schedule_for(inc);
                escalation_->arm(inc, w.incident->schedule);
            }
            log()->info("event=incident_opened incident={} category={} building={} device={} "
                        "zone={}",
                        inc.id, core::to_string(inc.what), inc.building, ev.device, ev.zone);
        } else {
            // Built as text once and shared: with every console and with the replay log.
            wire::json_text body;
            body.open()
                .key("incident_id").str(inc.id)
                .key("version").num(static_cast<std::int64_t>(inc.version))
                .key("change").str(core::to_string(c.what))
                .key("event").raw(w.event_json)
                .key("fields").raw(wire::event_fields_text(inc, c.severity_changed,
                                                           c.sources_changed, c.cameras_changed));
            if (c.zone != nullptr) {
                body.key("zone").raw(zone);
            }
            body.close();
            hub_.publish_text("incident.updated", body.text());
        }
        if (c.what == core::verdict::restored) {
            auto_resolve(inc, now, *w.incident, result);
        }
        metrics_.ingest_to_push.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } else if (c.what == core::verdict::zone_changed) {
        if (const auto* rec = correlator_.zones().find(c.reason)) {
            w.zone_state_key = c.reason;
            w.zone_state_json = publish_zone(c.reason, *rec);
            log()->info("event=zone_changed zone={} mode={} by={} event_id={}", c.reason,
                        core::to_string(rec->mode), rec->by, ev.id);
        }
    } else if (c.what == core::verdict::suppressed) {
        log()->info("event=alarm_suppressed device={} zone={} reason={} event_id={}", ev.device,
                    ev.zone, c.reason, ev.id);
        // A bypassed zone that guards life (fire, panic, a leak: anything but intrusion, which
        // disarming is for) still reaches the guards, as a low-priority notice.
        if (c.reason == "zone_bypassed" && core::family_of(ev.what) != "intrusion") {
            wire::json_text body;
            body.open()
                .key("event").raw(w.event_json)
                .key("reason").str(c.reason)
                .key("zone").str(core::zone_table::key(ev.device, ev.zone))
                .close();
            hub_.publish_text("event.suppressed", body.text());
        }
    }
    if (c.inc != nullptr && !c.inc->is_open()) {
        (void)correlator_.release(c.inc->id);  // resolved by policy; `c` is not used past here
    }
    persist(std::move(w), std::move(result), std::move(done));
}

// The restore's own write carries the resolve (its head, state and timeline line), so Redis
// never holds the restore without the resolve that came with it, and the sender's 202 waits
// for both.
void pipeline::auto_resolve(core::incident& inc, core::time_point now, store::incident_write& w,
                            ingest_result& result) {
    auto req = core::auto_resolution(inc, core::policy_for(*cfg_, inc.what), now);
    if (!req) {
        return;
    }
    const auto before = inc.state;
    if (auto why = core::apply(inc, *req, now)) {
        log()->warn("event=auto_resolve_refused incident={} reason=\"{}\"", inc.id, *why);
        return;
    }
    store::merge(w, record_step(inc, *req, before, now));
    result.reason = req->note;
}

std::string pipeline::publish_zone(const std::string& key, const core::zone_record& rec) {
    auto text = json::serialize(wire::to_json(key, rec));
    wire::json_text body;
    body.open().key("zone").raw(text).close();
    hub_.publish_text("zone.changed", body.text());
    return text;
}

void pipeline::expire_bypasses(core::time_point now) {
    for (const auto& key : correlator_.zones().expire(now)) {
        const auto* rec = correlator_.zones().find(key);
        if (rec == nullptr) {
            continue;
        }
        log()->warn("event=bypass_expired zone={} action=armed", key);
        // Not written: the stored bypass has its end, so the next start re-arms it again.
        store_.write_zone_state(key, publish_zone(key, *rec), [key](boost::system::error_code ec) {
            if (ec) {
                log()->warn("event=zone_state_unwritten zone={} reason=\"{}\"", key, ec.message());
            }
        });
    }
}

std::string pipeline::zones_text(std::size_t limit) const {
    wire::json_text j;
    j.open_array();
    std::size_t n = 0;
    for (const auto& [key, rec] : correlator_.zones().records()) {
        if (rec.mode == core::zone_mode::armed) {
            continue;
        }
        if (n++ == limit) {
            break;
        }
        j.raw(json::serialize(wire::to_json(key, rec)));
    }
    j.close_array();
    return j.take();
}

json::array pipeline::zones_page(const std::string& after, std::size_t limit,
                                 const std::string& mode) const {
    json::array out;
    const auto& records = correlator_.zones().records();
    for (auto it = records.upper_bound(after); it != records.end() && out.size() < limit; ++it) {
        if (mode.empty() || core::to_string(it->second.mode) == mode) {
            out.push_back(wire::to_json(it->first, it->second));
        }
    }
    return out;
}

void pipeline::persist(store::event_write w, ingest_result result, ingest_done done) {
    if (w.incident) {
        take_unwritten(*w.incident);
    }
    auto copy = std::make_shared<store::event_write>(std::move(w));
    store_.write_event(*copy, [this, copy, result = std::move(result),
                               done = std::move(done)](boost::system::error_code ec) mutable {
        result.stored = !ec;
        result.durable = result.stored && redis_durable_;
        if (ec) {
            ++metrics_.persist_failures;
            log()->warn("event=persist_failed event_id={} incident={} reason=\"{}\"",
                        copy->event_id, copy->incident_id, ec.message());
            // The incident's change (and an opened one's stages) is kept whatever happens to
            // the event: incidents are bounded by how many are open, the backlog is not.
            if (copy->incident) {
                remember_unwritten(std::move(*copy->incident));
            }
            copy->incident.reset();
            if (unwritten_events_.size() < unwritten_limit) {
                unwritten_events_.push_back(std::move(*copy));
            } else {
                log()->error("event=unwritten_overflow event_id={} (the event is lost; its "
                             "incident and stages are kept)",
                             copy->event_id);
            }
        }
        if (!ec) {
            sys::failpoint("event_stored");  // stored, not yet answered (tests kill here)
        }
        if (done) {
            done(result);
        }
    });
}

// Every change of an incident that did not reach Redis, folded together: written whole when
// Redis returns (a later change does not lose an earlier one's zones or timeline lines).
void pipeline::remember_unwritten(store::incident_write w) {
    auto it = unwritten_incidents_.find(w.id);
    if (it == unwritten_incidents_.end()) {
        unwritten_incidents_.emplace(w.id, std::move(w));
    } else {
        store::merge(it->second, std::move(w));
    }
}

// Earlier changes of the incident that still wait for Redis go out with this one (and leave
// the backlog): written together, in order, nothing of theirs lost or written twice.
void pipeline::take_unwritten(store::incident_write& w) {
    if (unwritten_incidents_.empty()) {
        return;
    }
    auto it = unwritten_incidents_.find(w.id);
    if (it == unwritten_incidents_.end()) {
        return;
    }
    auto earlier = std::move(it->second);
    unwritten_incidents_.erase(it);
    store::merge(earlier, std::move(w));
    w = std::move(earlier);
}

void pipeline::act(const std::string& incident_id, core::lifecycle_request req, act_done done) {
    const config::person* who = nullptr;
    for (const auto& p : cfg_->people) {
        if (p.id == req.by) {
            who = &p;
        }
    }
    if (who == nullptr || !core::may(who->person_role, req.action)) {
        done("forbidden: a " + std::string(who ? config::to_string(who->person_role) : "unknown") +
                 " may not " + std::string(core::to_string(req.action)),
             {}, false);
        return;
    }
    if (auto* inc = correlator_.find(incident_id)) {
        finish_act(*inc, req, std::move(done), nullptr);
        return;
    }
    // Not open here: a resolved incident (review) or one this daemon never saw; ask Redis.
    store_.get_incident(incident_id, [this, req = std::move(req), done = std::move(done),
                                      incident_id](boost::system::error_code ec,
                                                   store::stored_incident stored) mutable {
        if (ec) {
            done("incident store unavailable: " + ec.message(), {}, false);
            return;
        }
        auto inc = stored.head.empty() ? std::nullopt
                                       : wire::incident_from_stored(stored.head, stored.zones);
        if (!inc) {
            done("no incident '" + incident_id + "'", {}, false);
            return;
        }
        if (auto* now_open = correlator_.find(incident_id)) {  // adopted meanwhile
            finish_act(*now_open, req, std::move(done), nullptr);
            return;
        }
        auto owned = std::make_unique<core::incident>(std::move(*inc));
        auto& ref = *owned;
        finish_act(ref, req, std::move(done), std::move(owned));
    });
}

store::incident_write pipeline::record_step(core::incident& inc,
                                           const core::lifecycle_request& req,
                                           core::incident_state before, core::time_point now) {
    ++inc.version;
    const auto what = past_tense(req.action);
    std::string detail = req.action == core::lifecycle_action::resolve
                             ? std::string(core::to_string(req.result))
                             : std::string{};
    if (!req.note.empty()) {
        detail += (detail.empty() ? "" : ": ") + req.note;
    }
    auto w = head_write(inc);
    w.reindex = inc.state != before;
    w.timeline.push_back(timeline_entry(now, what, req.by, detail));
    hub_.publish("incident.updated", json::object{{"incident_id", inc.id},
                                                  {"version", inc.version},
                                                  {"change", what},
                                                  {"by", req.by},
                                                  {"fields", wire::lifecycle_fields(inc)}});
    log()->info("event=incident_{} incident={} by={}", what, inc.id, req.by);
    return w;
}

void pipeline::finish_act(core::incident& inc, const core::lifecycle_request& req, act_done done,
                          std::unique_ptr<core::incident> owned) {
    const auto now = core::clock::now();
    const auto state_before = inc.state;
    if (auto why = core::apply(inc, req, now)) {
        done(std::move(why), {}, false);
        return;
    }
    auto w = record_step(inc, req, state_before, now);
    auto result = wire::to_json(inc);
    if (!inc.is_open() && !owned) {
        owned = correlator_.release(inc.id);
    }
    take_unwritten(w);
    // Answered once written: a step answered `ok` and then lost with the process (a false
    // alarm that reloads as open and texts the residents) must not happen.
    auto copy = std::make_shared<store::incident_write>(std::move(w));
    store_.write_incident(*copy, [this, copy, result = std::move(result),
                                  done = std::move(done)](boost::system::error_code ec) mutable {
        if (ec) {
            log()->warn("event=persist_failed incident={} reason=\"{}\"", copy->id, ec.message());
            remember_unwritten(std::move(*copy));  // with every change that waits beside it
        }
        done(std::nullopt, std::move(result), !ec && redis_durable_);
    });
}

void pipeline::reload(config::snapshot cfg) {
    cfg_ = std::move(cfg);
    site_ = core::site_model(*cfg_);
    correlator_.set_windows({cfg_->correlation.dedupe_window, cfg_->correlation.group_window,
                             cfg_->correlation.bypass_max});
}

void pipeline::find_incident(const std::string& id,
                             std::function<void(std::optional<core::incident>)> done) {
    if (const auto* inc = correlator_.find(id)) {
        done(*inc);
        return;
    }
    if (auto it = unwritten_incidents_.find(id); it != unwritten_incidents_.end()) {
        // Changed while Redis could not take it (a resolve during an outage): Redis holds an
        // older state, this is the newest.
        std::vector<std::string> zones;
        for (const auto& [key, zone] : it->second.zones) {
            zones.push_back(zone);
        }
        if (auto inc = wire::incident_from_stored(it->second.head, zones)) {
            done(std::move(inc));
            return;
        }
    }
    store_.get_incident(id, [done = std::move(done)](boost::system::error_code ec,
                                                     store::stored_incident stored) {
        if (ec || stored.head.empty()) {
            done(std::nullopt);
            return;
        }
        done(wire::incident_from_stored(stored.head, stored.zones));
    });
}

std::string pipeline::queue_summary_text(std::size_t limit) const {
    std::int64_t open = 0;
    std::int64_t acknowledged = 0;
    std::int64_t on_site = 0;
    correlator_.for_each([&](const core::incident& inc) {
        open += inc.state == core::incident_state::open ? 1 : 0;
        acknowledged += inc.state == core::incident_state::acknowledged ? 1 : 0;
        on_site += inc.state == core::incident_state::on_site ? 1 : 0;
    });
    wire::json_text j;
    j.open()
        .key("counts").open()
        .key("open").num(open)
        .key("acknowledged").num(acknowledged)
        .key("on_site").num(on_site)
        .close()
        .key("incidents_total").num(static_cast<std::int64_t>(correlator_.open_count()))
        .key("incidents").open_array();
    for (const auto* inc :
         correlator_.queue(std::nullopt, limit, [](const core::incident&) { return true; })) {
        j.raw(wire::incident_text(*inc));
    }
    // Zones out of service (disarmed, bypassed): a console shows them beside the queue.
    j.close_array().key("zones").raw(zones_text(hello_zones_max)).close();
    return j.take();
}

std::optional<open_page> pipeline::open_incidents(const std::string& cursor, std::size_t limit,
                                                  const std::string& state) const {
    std::optional<core::urgency> after;
    if (!cursor.empty()) {
        after = parse_cursor(cursor);
        if (!after) {
            return std::nullopt;
        }
    }
    const auto wanted = core::parse_incident_state(state);
    // One more than asked: whether there is a next page.
    auto found = correlator_.queue(after, limit + 1, [&](const core::incident& inc) {
        return state.empty() || state == "open" || (wanted && inc.state == *wanted);
    });
    open_page page;
    for (std::size_t i = 0; i < found.size() && i < limit; ++i) {
        page.incidents.push_back(wire::to_json(*found[i]));
    }
    if (found.size() > limit) {
        page.next_cursor = cursor_of(*found[limit - 1]);
    }
    return page;
}

std::optional<json::object> pipeline::open_incident_json(const std::string& id) {
    if (const auto* inc = correlator_.find(id)) {
        return wire::to_json(*inc);
    }
    return std::nullopt;
}

std::optional<json::array> pipeline::open_incident_zones(const std::string& id,
                                                         const std::string& after,
                                                         std::size_t limit) {
    const auto* inc = correlator_.find(id);
    if (inc == nullptr) {
        return std::nullopt;
    }
    return wire::zones_page(*inc, after, limit);
}

void pipeline::for_each_open(const std::function<void(const core::incident&)>& fn) const {
    correlator_.for_each(fn);
}

// A write Redis refused is written again: when the connection returns (all of them), and once a
// second while it is up (a bounded number, and not while the last second's are unanswered),
// since a Redis out of memory or with a failed disk refuses writes and later takes them again
// without a reconnect.
void pipeline::retry_unwritten(std::size_t max_events) {
    if (max_events != all_unwritten && retries_in_flight_ > 0) {
        return;
    }
    store_.flush_replay();
    const auto n = std::min(max_events, unwritten_events_.size());
    for (std::size_t i = 0; i < n; ++i) {
        auto w = std::make_shared<store::event_write>(std::move(unwritten_events_.front()));
        unwritten_events_.pop_front();
        ++retries_in_flight_;
        store_.write_event(*w, [this, w](boost::system::error_code ec) {
            --retries_in_flight_;
            if (ec && unwritten_events_.size() < unwritten_limit) {
                unwritten_events_.push_back(std::move(*w));
            }
        });
    }
    auto incidents = std::move(unwritten_incidents_);
    unwritten_incidents_.clear();
    for (auto& [id, w] : incidents) {
        auto copy = std::make_shared<store::incident_write>(std::move(w));
        ++retries_in_flight_;
        store_.write_incident(*copy, [this, copy](boost::system::error_code ec) {
            --retries_in_flight_;
            if (ec) {
                remember_unwritten(std::move(*copy));
            }
        });
    }
}

void pipeline::on_redis_up(std::function<void()> ready) {
    // Commands go out in order on one connection: what was missed is written before the state
    // is read back, so the read includes it.
    if (!unwritten_events_.empty() || !unwritten_incidents_.empty()) {
        log()->info("event=reconcile events={} incidents={}", unwritten_events_.size(),
                    unwritten_incidents_.size());
    }
    retry_unwritten(all_unwritten);
    loading_ = !loaded_;
    store_.load(
        load_chunk,
        [this, ready = std::move(ready)](boost::system::error_code ec, store::loaded_state state) {
            if (ec) {
                log()->warn("event=state_load_failed reason=\"{}\"", ec.message());
            } else {
                for (const auto& [key, text] : state.zones) {
                    json::error_code jec;
                    auto doc = json::parse(text, jec);
                    auto rec = jec ? std::nullopt : wire::zone_record_from_json(doc);
                    if (rec && correlator_.zones().find(key) == nullptr) {
                        // A bypass stored before bypasses had an end gets one now.
                        if (rec->mode == core::zone_mode::bypassed && !rec->expires_at) {
                            rec->expires_at = rec->changed_at + cfg_->correlation.bypass_max;
                        }
                        correlator_.zones().load(key, std::move(*rec));
                    }
                }
                continue_seq(state);
                log()->info("event=state_loading open_incidents={} zones={} seq={}",
                            state.open_incidents, state.zones.size(), hub_.last_seq());
            }
            if (ready) {
                ready();
            }
        },
        [this](std::vector<store::stored_incident> chunk) { adopt(std::move(chunk)); },
        [this](boost::system::error_code ec) {
            if (ec) {
                log()->warn("event=state_load_failed reason=\"{}\"", ec.message());
            } else {
                log()->info("event=state_loaded open_incidents={}", correlator_.open_count());
                loaded_ = true;
            }
            load_finished();
        });
}

void pipeline::adopt(std::vector<store::stored_incident> chunk) {
    for (const auto& stored : chunk) {
        auto inc = wire::incident_from_stored(stored.head, stored.zones);
        if (!inc) {
            log()->warn("event=bad_stored_incident reason=unparsable");
            continue;
        }
        if (inc->is_open() && correlator_.find(inc->id) == nullptr) {
            if (escalation_ != nullptr) {
                escalation_->arm_realert(*inc);
            }
            correlator_.adopt(std::move(*inc));
        }
    }
}

// A restart continues after what earlier runs reserved, so no seq a console may have seen is
// handed out again; the gap is marked in the replay log for resumes to step over. A reconnect
// of a running daemon carries on from its own seq.
void pipeline::continue_seq(const store::loaded_state& s) {
    if (!loaded_ && s.reserved_seq > std::max(s.log_seq, hub_.last_seq())) {
        const bool clean = s.clean_seq != 0 && s.clean_seq == s.log_seq;
        store_.mark_seq_skip(std::max(s.log_seq, hub_.last_seq()), s.reserved_seq, clean);
        log()->info("event=seq_continues after={} from={} previous_stop={}", s.log_seq,
                    s.reserved_seq, clean ? "clean" : "crash");
        hub_.continue_seq_from(s.reserved_seq);
        return;
    }
    hub_.continue_seq_from(s.log_seq);
}

// The events that waited for the load go through now, in the order they came.
void pipeline::load_finished() {
    loading_ = false;
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (auto& [ev, done] : waiting) {
        correlate(std::move(ev), std::move(done));
    }
    auto settled = std::move(when_settled_);
    when_settled_.clear();
    for (auto& fn : settled) {
        fn();
    }
    if (loaded_) {
        auto fns = std::move(when_loaded_);
        when_loaded_.clear();
        for (auto& fn : fns) {
            fn();
        }
    }
}

void pipeline::when_settled(std::function<void()> fn) {
    if (!loading_) {
        fn();
    } else {
        when_settled_.push_back(std::move(fn));
    }
}

void pipeline::when_loaded(std::function<void()> fn) {
    if (loaded_) {
        fn();
    } else {
        when_loaded_.push_back(std::move(fn));
    }
}

}  // namespace alarmd::pipeline
