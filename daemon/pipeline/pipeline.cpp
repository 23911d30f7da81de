#include "daemon/pipeline/pipeline.hpp"

#include <boost/json.hpp>

#include "daemon/core/escalation_rules.hpp"
#include "daemon/notify/ws_hub.hpp"
#include "daemon/pipeline/escalation.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "daemon/wire/model_json.hpp"

namespace alarmd::pipeline {
namespace json = boost::json;

namespace {

const auto& log() {
    static auto l = sys::logger("pipeline");
    return l;
}

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

}  // namespace

pipeline::pipeline(const config::config& cfg, store::incident_store& store, notify::ws_hub& hub,
                   sys::metrics& m)
    : cfg_(cfg),
      store_(store),
      hub_(hub),
      metrics_(m),
      site_(cfg),
      correlator_({cfg.correlation.dedupe_window, cfg.correlation.group_window}) {}

void pipeline::ingest(core::event ev, ingest_done done) {
    const auto started = std::chrono::steady_clock::now();
    const auto now = core::clock::now();
    ev.id = ids_.next("evt", now);
    ev.received_at = now;
    if (ev.occurred_at == core::time_point{}) {
        ev.occurred_at = now;
    }
    metrics_.events.add(sys::labels({{"source", core::to_string(ev.from)},
                                     {"kind", core::to_string(ev.kind)}}));

    auto c = correlator_.on_event(ev, now, ids_.next("inc", now));
    metrics_.verdicts.add(sys::labels({{"verdict", core::to_string(c.what)}}));

    auto event_json = wire::to_json(ev);
    store::event_write w;
    w.event_id = ev.id;
    w.event_json = json::serialize(event_json);
    w.verdict = std::string(core::to_string(c.what));

    ingest_result result{ev.id, {}, c.what, c.reason, false};
    if (c.inc != nullptr) {
        auto& inc = *c.inc;
        result.incident_id = inc.id;
        w.incident_id = inc.id;
        const auto who = ev.device;
        w.incident = snapshot(inc, {timeline_entry(now,
                                                   c.what == core::verdict::opened
                                                       ? std::string_view("opened")
                                                       : core::to_string(c.what),
                                                   who, ev.id)});
        if (c.what == core::verdict::opened) {
            publish_incident("incident.opened", inc, {{"event", std::move(event_json)}});
            if (escalation_ != nullptr) {
                // Written with the incident (durable before the 202) and armed in memory now.
                w.schedule = escalation_->schedule_for(inc);
                escalation_->arm(inc, w.schedule);
            }
            log()->info("event=incident_opened incident={} category={} building={} device={} "
                        "zone={}",
                        inc.id, core::to_string(inc.what), inc.building, ev.device, ev.zone);
        } else {
            publish_incident("incident.updated", inc,
                             {{"change", core::to_string(c.what)}, {"event", std::move(event_json)}});
        }
        metrics_.ingest_to_push.observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } else if (c.what == core::verdict::zone_changed) {
        if (const auto* rec = correlator_.zones().find(c.reason)) {
            w.zone_key = c.reason;
            w.zone_json = json::serialize(wire::to_json(*rec));
        }
        log()->info("event=zone_changed zone={} mode={} by={}", c.reason,
                    core::to_string(correlator_.zones().mode_of(ev.device, ev.zone)), ev.id);
    } else if (c.what == core::verdict::suppressed) {
        log()->info("event=alarm_suppressed device={} zone={} reason={} event_id={}", ev.device,
                    ev.zone, c.reason, ev.id);
    }
    persist(std::move(w), std::move(result), std::move(done));
}

void pipeline::persist(store::event_write w, ingest_result result, ingest_done done) {
    auto copy = std::make_shared<store::event_write>(std::move(w));
    store_.write_event(*copy, [this, copy, result = std::move(result),
                               done = std::move(done)](boost::system::error_code ec) mutable {
        result.durable = !ec;
        if (ec) {
            ++metrics_.persist_failures;
            log()->warn("event=persist_failed event_id={} incident={} reason=\"{}\"",
                        copy->event_id, copy->incident_id, ec.message());
            if (copy->incident) {
                unwritten_incidents_[copy->incident->id] = *copy->incident;
                copy->incident.reset();
            }
            if (unwritten_events_.size() < unwritten_limit) {
                unwritten_events_.push_back(std::move(*copy));
            } else {
                log()->error("event=unwritten_overflow event_id={} (held in memory only)",
                             copy->event_id);
            }
        } else if (copy->incident) {
            unwritten_incidents_.erase(copy->incident->id);
        }
        if (done) {
            done(result);
        }
    });
}

void pipeline::publish_incident(std::string_view type, const core::incident& inc,
                                json::object extra) {
    extra["incident"] = wire::to_json(inc);
    hub_.publish(type, std::move(extra));
}

store::incident_write pipeline::snapshot(const core::incident& inc,
                                         std::vector<std::string> timeline) const {
    store::incident_write w;
    w.id = inc.id;
    w.json = json::serialize(wire::to_json(inc));
    w.state = std::string(core::to_string(inc.state));
    w.category = std::string(core::to_string(inc.what));
    w.building = inc.building;
    w.opened_ms = epoch_ms(inc.opened_at);
    w.open = inc.is_open();
    w.timeline = std::move(timeline);
    return w;
}

void pipeline::act(const std::string& incident_id, core::lifecycle_request req, act_done done) {
    const config::person* who = nullptr;
    for (const auto& p : cfg_.people) {
        if (p.id == req.by) {
            who = &p;
        }
    }
    if (who == nullptr || !core::may(who->person_role, req.action)) {
        done("forbidden: a " + std::string(who ? config::to_string(who->person_role) : "unknown") +
                 " may not " + std::string(core::to_string(req.action)),
             {});
        return;
    }
    if (auto* inc = correlator_.find(incident_id)) {
        finish_act(*inc, req, std::move(done), nullptr);
        return;
    }
    // Not open here: a resolved incident (review) or one this daemon never saw; ask Redis.
    store_.get_incident(incident_id, [this, req = std::move(req), done = std::move(done),
                                      incident_id](boost::system::error_code ec,
                                                   std::string text) mutable {
        if (ec) {
            done("incident store unavailable: " + ec.message(), {});
            return;
        }
        json::error_code jec;
        auto doc = json::parse(text, jec);
        auto inc = jec ? std::nullopt : wire::incident_from_json(doc);
        if (text.empty() || !inc) {
            done("no incident '" + incident_id + "'", {});
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

void pipeline::finish_act(core::incident& inc, const core::lifecycle_request& req, act_done done,
                          std::unique_ptr<core::incident> owned) {
    const auto now = core::clock::now();
    if (auto why = core::apply(inc, req, now)) {
        done(std::move(why), {});
        return;
    }
    const auto what = past_tense(req.action);
    std::string detail = req.action == core::lifecycle_action::resolve
                             ? std::string(core::to_string(req.result))
                             : std::string{};
    if (!req.note.empty()) {
        detail += (detail.empty() ? "" : ": ") + req.note;
    }
    auto w = snapshot(inc, {timeline_entry(now, what, req.by, detail)});
    publish_incident("incident.updated", inc, {{"change", what}, {"by", req.by}});
    log()->info("event=incident_{} incident={} by={}", what, inc.id, req.by);
    auto result = wire::to_json(inc);
    if (!inc.is_open() && !owned) {
        owned = correlator_.release(inc.id);
    }
    store_.write_incident(w, [this, w](boost::system::error_code ec) {
        if (ec) {
            log()->warn("event=persist_failed incident={} reason=\"{}\"", w.id, ec.message());
            unwritten_incidents_[w.id] = w;
        } else {
            unwritten_incidents_.erase(w.id);
        }
    });
    done(std::nullopt, std::move(result));
}

void pipeline::reload() {
    site_ = core::site_model(cfg_);
    correlator_.set_windows({cfg_.correlation.dedupe_window, cfg_.correlation.group_window});
}

void pipeline::find_incident(const std::string& id,
                             std::function<void(std::optional<core::incident>)> done) {
    if (const auto* inc = correlator_.find(id)) {
        done(*inc);
        return;
    }
    store_.get_incident(id, [done = std::move(done)](boost::system::error_code ec,
                                                     std::string text) {
        if (ec || text.empty()) {
            done(std::nullopt);
            return;
        }
        json::error_code jec;
        auto doc = json::parse(text, jec);
        done(jec ? std::nullopt : wire::incident_from_json(doc));
    });
}

json::array pipeline::open_incidents_json() const {
    json::array out;
    for (const auto* inc : correlator_.open_incidents()) {
        out.push_back(wire::to_json(*inc));
    }
    return out;
}

std::optional<json::object> pipeline::open_incident_json(const std::string& id) {
    if (const auto* inc = correlator_.find(id)) {
        return wire::to_json(*inc);
    }
    return std::nullopt;
}

void pipeline::on_redis_up(std::function<void()> loaded) {
    // Commands go out in order on one connection: what was missed is written before the state
    // is read back, so the read includes it.
    if (!unwritten_events_.empty() || !unwritten_incidents_.empty()) {
        log()->info("event=reconcile events={} incidents={}", unwritten_events_.size(),
                    unwritten_incidents_.size());
    }
    while (!unwritten_events_.empty()) {
        auto w = std::make_shared<store::event_write>(std::move(unwritten_events_.front()));
        unwritten_events_.pop_front();
        store_.write_event(*w, [this, w](boost::system::error_code ec) {
            if (ec && unwritten_events_.size() < unwritten_limit) {
                unwritten_events_.push_back(std::move(*w));
            }
        });
    }
    auto incidents = std::move(unwritten_incidents_);
    unwritten_incidents_.clear();
    for (auto& [id, w] : incidents) {
        auto copy = std::make_shared<store::incident_write>(std::move(w));
        store_.write_incident(*copy, [this, copy](boost::system::error_code ec) {
            if (ec) {
                unwritten_incidents_.emplace(copy->id, *copy);
            }
        });
    }
    store_.load([this, loaded = std::move(loaded)](boost::system::error_code ec,
                                                   store::loaded_state state) {
        if (ec) {
            log()->warn("event=state_load_failed reason=\"{}\"", ec.message());
        } else {
            std::size_t adopted = 0;
            for (const auto& text : state.open_incidents) {
                json::error_code jec;
                auto doc = json::parse(text, jec);
                auto inc = jec ? std::nullopt : wire::incident_from_json(doc);
                if (!inc) {
                    log()->warn("event=bad_stored_incident reason=unparsable");
                    continue;
                }
                if (inc->is_open() && correlator_.find(inc->id) == nullptr) {
                    if (escalation_ != nullptr) {
                        escalation_->arm_realert(*inc);
                    }
                    correlator_.adopt(std::move(*inc));
                    ++adopted;
                }
            }
            for (const auto& [key, text] : state.zones) {
                json::error_code jec;
                auto doc = json::parse(text, jec);
                auto rec = jec ? std::nullopt : wire::zone_record_from_json(doc);
                if (rec && correlator_.zones().find(key) == nullptr) {
                    correlator_.zones().load(key, std::move(*rec));
                }
            }
            hub_.continue_seq_from(state.last_seq);
            log()->info("event=state_loaded open_incidents={} adopted={} zones={} seq={}",
                        correlator_.open_count(), adopted, state.zones.size(), hub_.last_seq());
        }
        if (loaded) {
            loaded();
        }
    });
}

}  // namespace alarmd::pipeline
