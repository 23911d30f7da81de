#include "daemon/pipeline/escalation.hpp"

#include <unistd.h>

#include <tuple>

#include <boost/json.hpp>

#include "daemon/core/escalation_rules.hpp"
#include "daemon/core/message_template.hpp"
#include "daemon/notify/sms/sms_gateway.hpp"
#include "daemon/notify/ws_hub.hpp"
#include "daemon/sys/failpoint.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "daemon/wire/model_json.hpp"

namespace alarmd::pipeline {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

const auto& log() {
    static auto l = sys::logger("escalation");
    return l;
}

constexpr std::string_view realert_suffix = "#realert";
constexpr auto retry_after = 1s;  // a claim that could not reach Redis is tried again

std::int64_t to_ms(core::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

core::time_point from_ms(std::int64_t ms) {
    return core::time_point{std::chrono::duration_cast<core::clock::duration>(
        std::chrono::milliseconds(ms))};
}

std::pair<std::string, std::string> split(const std::string& member) {
    const auto bar = member.rfind('|');
    if (bar == std::string::npos) {
        return {member, {}};
    }
    return {member.substr(0, bar), member.substr(bar + 1)};
}

std::string timeline_entry(core::time_point at, std::string_view what, std::string_view who,
                           std::string_view detail) {
    return json::serialize(json::object{
        {"at", core::format_time(at)}, {"what", what}, {"who", who}, {"detail", detail}});
}

const config::stage* stage_named(const config::policy& p, std::string_view name) {
    for (const auto& s : p.stages) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

config::role role_of(config::stage_target t) {
    switch (t) {
        case config::stage_target::guard:
            return config::role::guard;
        case config::stage_target::team_lead:
            return config::role::team_lead;
        case config::stage_target::manager:
            return config::role::manager;
        case config::stage_target::residents:
            break;
    }
    return config::role::admin;
}

}  // namespace

// One stage being delivered: the record as claimed, every recipient's result so far (those
// recorded before a restart included), and the deliveries still under way.
struct escalation::firing {
    // The config and SMS gateways the stage started with: a reload during its deliveries
    // neither frees them nor changes whom it tells.
    config::snapshot cfg;
    std::shared_ptr<notify::sms_dispatcher> sms;
    std::string member;
    std::string incident_id;
    std::string stage;
    json::object record;
    json::array deliveries;                      // every recipient's result so far
    std::vector<store::delivery_write> fresh;    // made by this firing: written again at finish
    std::unordered_set<std::string> done;  // "via|to" recorded before a restart: not told again
    std::size_t pending = 1;  // the sending loop itself, so the record is not finished early
};

escalation::escalation(boost::asio::io_context& ioc, config::snapshot cfg,
                       store::stage_store& stages, notify::ws_hub& hub,
                       std::shared_ptr<notify::sms_dispatcher> sms, sys::metrics& m)
    : ioc_(ioc),
      cfg_(std::move(cfg)),
      stages_(stages),
      hub_(hub),
      sms_(std::move(sms)),
      metrics_(m),
      timer_(ioc),
      instance_("alarmd-" + std::to_string(::getpid()) + "-" +
                std::to_string(to_ms(core::clock::now()))) {
    listen_for_receipts();
}

void escalation::reload(config::snapshot cfg, std::shared_ptr<notify::sms_dispatcher> sms) {
    cfg_ = std::move(cfg);
    sms_ = std::move(sms);
    listen_for_receipts();
}

// The escalation lives as long as the daemon; a dispatcher replaced by a reload may still get
// receipts for what it sent, and they come here too.
void escalation::listen_for_receipts() {
    if (sms_) {
        sms_->on_receipt([this](const notify::sms_receipt& r) { on_sms_receipt(r); });
    }
}

std::shared_ptr<escalation::firing> escalation::new_firing() const {
    auto f = std::make_shared<firing>();
    f->cfg = cfg_;
    f->sms = sms_;
    return f;
}

std::vector<store::stage_entry> escalation::schedule_for(const core::incident& inc) const {
    std::vector<store::stage_entry> out;
    for (const auto& s : core::plan_stages(core::policy_for(*cfg_, inc.what), inc)) {
        out.push_back({to_ms(s.due), inc.id + "|" + s.name});
    }
    return out;
}

void escalation::arm(const core::incident& inc, const std::vector<store::stage_entry>& entries) {
    for (const auto& e : entries) {
        add({e.member, e.due_ms});
    }
    arm_realert(inc);
}

void escalation::arm_realert(const core::incident& inc) {
    const auto& policy = core::policy_for(*cfg_, inc.what);
    if (!policy.realert || !inc.is_open() || inc.acknowledged || policy.realert->count() <= 0) {
        return;
    }
    // The next multiple of the interval after now (a restarted daemon does not burst).
    auto next = inc.opened_at + *policy.realert;
    const auto now = core::clock::now();
    if (next < now) {
        const auto periods = (now - inc.opened_at) / *policy.realert + 1;
        next = inc.opened_at + periods * *policy.realert;
    }
    add({inc.id + "|" + std::string(realert_suffix), to_ms(next)});
}

void escalation::load_pending() {
    resume_claimed();
    stages_.pending([this](boost::system::error_code ec,
                                 std::vector<store::stage_entry> entries) {
        if (ec) {
            log()->warn("event=stages_load_failed reason=\"{}\"", ec.message());
            return;
        }
        std::size_t added = 0;
        const auto now = to_ms(core::clock::now());
        std::size_t overdue = 0;
        for (auto& e : entries) {
            if (!armed_.contains(e.member)) {
                overdue += e.due_ms < now ? 1 : 0;
                add({std::move(e.member), e.due_ms});
                ++added;
            }
        }
        log()->info("event=stages_loaded pending={} armed={} overdue={}", entries.size(), added,
                    overdue);
    });
}

void escalation::add(item it) {
    if (stopped_ || !armed_.insert(it.member).second) {
        return;
    }
    const auto at = from_ms(it.due_ms);
    const bool earliest = due_.empty() || at < due_.begin()->first;
    due_.emplace(at, std::move(it));
    if (earliest) {
        rearm();
    }
}

void escalation::rearm() {
    if (due_.empty() || stopped_) {
        return;
    }
    timer_.expires_at(due_.begin()->first);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) {
            on_timer();
        }
    });
}

void escalation::on_timer() {
    const auto now = core::clock::now();
    std::vector<item> ready;
    while (!due_.empty() && due_.begin()->first <= now) {
        ready.push_back(std::move(due_.begin()->second));
        due_.erase(due_.begin());
    }
    rearm();
    for (auto& it : ready) {
        fire(std::move(it));
    }
}

void escalation::stop() {
    stopped_ = true;
    timer_.cancel();
}

void escalation::fire(item it) {
    if (!source_) {
        return;
    }
    auto [incident_id, stage] = split(it.member);
    source_(incident_id, [this, it = std::move(it), stage = stage](
                             std::optional<core::incident> inc) {
        if (stopped_) {
            return;
        }
        if (stage == realert_suffix) {
            armed_.erase(it.member);
            if (inc) {
                realert(it, *inc);
            }
            return;
        }
        if (!inc) {
            core::incident missing;
            missing.id = split(it.member).first;
            fire_stage(it, missing);
            return;
        }
        fire_stage(it, *inc);
    });
}

void escalation::fire_stage(const item& it, const core::incident& inc) {
    const auto now = core::clock::now();
    const auto due = from_ms(it.due_ms);
    const auto stage_name = split(it.member).second;
    auto f = new_firing();
    const auto& policy = core::policy_for(*f->cfg, inc.what);
    const auto* st = stage_named(policy, stage_name);  // lives as long as f->cfg
    std::optional<std::string> skipped;
    if (inc.opened_at == core::time_point{}) {
        skipped = "incident not found";
    } else if (st == nullptr) {
        skipped = "no stage '" + stage_name + "' in policy " + policy.name;
    } else {
        skipped = core::skip_reason(*st, inc);
    }
    const bool late = due < started_at_ || now - due > late_after;

    f->member = it.member;
    f->incident_id = inc.id;
    f->stage = stage_name;
    f->record = json::object{{"name", stage_name},
                             {"due_at", core::format_time(due)},
                             {"fired_at", skipped ? json::value(nullptr)
                                                  : json::value(core::format_time(now))},
                             {"late", late},
                             {"skipped", skipped ? json::value(*skipped) : json::value(nullptr)},
                             {"deliveries", json::array{}}};
    const bool final = skipped.has_value() || st == nullptr;
    store::stage_claim claim{{it.due_ms, it.member},
                             inc.id,
                             stage_name,
                             json::serialize(f->record),
                             timeline_entry(now, skipped ? "stage_skipped" : "stage_fired",
                                            "alarmd",
                                            stage_name + (skipped ? ": " + *skipped : "") +
                                                (late ? " (late)" : "")),
                             final,
                             instance_};
    stages_.claim(claim, [this, it, f, st, inc, skipped, now, due](boost::system::error_code ec,
                                                                   store::claim_result result) {
        if (ec) {
            // Redis away, or the answer lost: try again shortly. A claim that did run before
            // the answer was lost is found in the claimed set and resumed on reconnect.
            log()->warn("event=stage_claim_failed stage={} reason=\"{}\" retry_ms={}", it.member,
                        ec.message(), retry_after.count());
            armed_.erase(it.member);
            if (!stopped_) {
                armed_.insert(it.member);
                const bool earliest =
                    due_.empty() || core::clock::now() + retry_after < due_.begin()->first;
                due_.emplace(core::clock::now() + retry_after, it);
                if (earliest) {
                    rearm();
                }
            }
            return;
        }
        armed_.erase(it.member);
        if (result == store::claim_result::already_fired) {
            log()->info("event=stage_already_fired stage={}", it.member);
            return;
        }
        if (result == store::claim_result::claimed_unscheduled) {
            log()->warn("event=stage_unscheduled stage={} (its schedule never reached Redis; "
                        "fired from memory)",
                        it.member);
        }
        metrics_.stage_lateness.observe(std::chrono::duration<double>(now - due).count());
        log()->info("event=stage_{} incident={} stage={} late={}{}",
                    skipped ? "skipped" : "fired", f->incident_id, f->stage,
                    f->record.at("late").as_bool(),
                    skipped ? " reason=\"" + *skipped + "\"" : "");
        if (skipped || st == nullptr) {
            return;  // the claim wrote the whole record
        }
        sys::failpoint("stage_claimed");
        delivering_.insert(f->member);
        deliver(*st, inc, f);
    });
}

void escalation::deliver(const config::stage& st, const core::incident& inc,
                         std::shared_ptr<firing> f) {
    const auto& cfg = *f->cfg;
    const auto& policy = core::policy_for(cfg, inc.what);
    const auto tmpl = st.message.empty() ? core::default_template(st.name) : st.message;
    const auto text = core::render(tmpl, {inc, cfg, policy, st.name});
    const int minute = core::local_minute_of_day(core::clock::now());

    std::vector<const config::person*> people;
    std::vector<const config::resident*> residents;
    for (auto target : st.to) {
        if (target == config::stage_target::residents) {
            auto r = core::residents_of(cfg, inc.building, inc.unit);
            residents.insert(residents.end(), r.begin(), r.end());
        } else {
            auto p = core::on_duty(cfg, role_of(target), minute);
            people.insert(people.end(), p.begin(), p.end());
        }
    }
    // A resumed stage tells only those not recorded before the restart.
    auto told = [&f](std::string_view via, const std::string& to) {
        return f->done.contains(std::string(via) + "|" + to);
    };
    for (auto via : st.via) {
        if (via == config::stage_channel::ws) {
            std::vector<std::string> ids;
            for (const auto* p : people) {
                if (!told("ws", p->id)) {
                    ids.push_back(p->id);
                }
            }
            if (ids.empty()) {
                continue;
            }
            json::object body{{"incident_id", inc.id},
                              {"stage", st.name},
                              {"text", text},
                              {"incident", wire::to_json(inc)}};
            if (st.name == "alert" && !policy.plan.empty()) {
                body["plan"] = policy.plan;
            }
            const auto reached = hub_.publish_to(ids, "notice", std::move(body));
            for (const auto& id : ids) {
                const bool ok = std::find(reached.begin(), reached.end(), id) != reached.end();
                ++f->pending;
                delivered(f, id, "ws", ok ? "delivered" : "undelivered: not connected");
            }
            continue;
        }
        auto send = [&](std::string to, const std::string& phone, bool bulk) {
            if (told("sms", to)) {
                return;
            }
            ++f->pending;
            if (phone.empty()) {
                delivered(f, std::move(to), "sms", "failed: no phone number");
                return;
            }
            if (told("sms_handed", to)) {
                // Handed to a gateway before a restart, its outcome never recorded: it may have
                // gone out, so it is not sent again, and the guards hear that it is uncertain.
                const std::string why =
                    "unknown: handed to the SMS gateways before the daemon stopped; not sent again";
                sms_failed(inc.id, to, why);
                delivered(f, std::move(to), "sms", why);
                return;
            }
            notify::sms_message m{phone, text, inc.id + "/" + st.name, to, bulk};
            auto handed = std::make_shared<bool>(false);
            m.before_send = [this, f, to, handed](std::function<void()> go) {
                mark_handed(f, to, [this, handed, go = std::move(go)] {
                    *handed = true;
                    ++sms_unanswered_;
                    go();
                });
            };
            f->sms->send(std::move(m),
                         [this, f, to, id = inc.id, handed](notify::sms_result r) {
                             if (*handed) {
                                 *handed = false;
                                 --sms_unanswered_;
                             }
                             if (r.accepted) {
                                 sys::failpoint("sms_accepted");  // tests kill here
                             }
                             if (r.rate_limited) {
                                 // Held back on purpose: said in the record, not raised.
                                 delivered(f, to, "sms", "suppressed: " + r.error);
                                 return;
                             }
                             if (!r.accepted) {
                                 sms_failed(id, to, r.error);
                             }
                             delivered(f, to, "sms",
                                       r.accepted ? "accepted by " + r.gateway + " (" +
                                                        r.message_id + ")"
                                                  : "failed: " + r.error);
                         });
        };
        for (const auto* p : people) {
            send(p->id, p->phone, false);
        }
        for (const auto* r : residents) {
            send("resident:" + r->building + "/" + r->unit, r->phone, true);
        }
    }
    delivered(f, {}, {}, {});  // the loop's own share
}

void escalation::delivered(const std::shared_ptr<firing>& f, std::string to, std::string_view via,
                           std::string result) {
    if (!to.empty()) {
        const auto now = core::clock::now();
        metrics_.deliveries.add(sys::labels(
            {{"via", via},
             {"result", result.substr(0, result.find_first_of(": "))}}));
        json::object d{{"to", to}, {"via", via}, {"result", result}};
        store::delivery_write w{
            store::stage_store::delivery_field(f->stage, via, to), json::serialize(d),
            timeline_entry(now, "notified", to,
                           f->stage + " via " + std::string(via) + ": " + result)};
        stages_.record_delivery(f->incident_id, w,
                                [member = f->member, to](boost::system::error_code ec) {
                                    if (ec) {
                                        // The finishing write carries it again.
                                        log()->warn("event=delivery_record_failed stage={} "
                                                    "to={} reason=\"{}\"",
                                                    member, to, ec.message());
                                    }
                                });
        f->fresh.push_back(std::move(w));
        f->deliveries.push_back(std::move(d));
    }
    if (--f->pending > 0) {
        return;
    }
    finish(f);
}

void escalation::finish(const std::shared_ptr<firing>& f) {
    f->record["deliveries"] = f->deliveries;
    stages_.finish(f->incident_id, f->stage, f->member, json::serialize(f->record), f->fresh,
                   [this, f](boost::system::error_code ec) {
                       delivering_.erase(f->member);
                       if (ec) {
                           log()->warn("event=stage_finish_failed stage={} reason=\"{}\" "
                                       "(written again when Redis returns)",
                                       f->member, ec.message());
                           unfinished_[f->member] = f;
                           return;
                       }
                       unfinished_.erase(f->member);
                   });
}

// Stages claimed but not finished: by a daemon that died (or lost its connection) between the
// claim and the last delivery. Each is delivered to the recipients not recorded yet, then
// finished. Stages this daemon is still delivering are left alone.
void escalation::resume_claimed() {
    for (auto it = unfinished_.begin(); it != unfinished_.end();) {
        auto f = it->second;
        it = unfinished_.erase(it);
        delivering_.insert(f->member);
        finish(f);
    }
    stages_.claimed([this](boost::system::error_code ec, std::vector<store::claimed_stage> all) {
        if (ec) {
            log()->warn("event=claimed_stages_load_failed reason=\"{}\"", ec.message());
            return;
        }
        for (const auto& c : all) {
            if (!stopped_ && !delivering_.contains(c.member) && !unfinished_.contains(c.member)) {
                log()->info("event=stage_resume stage={} claimed_by={}", c.member, c.instance);
                resume(c.member);
            }
        }
    });
}

void escalation::resume(const std::string& member) {
    if (!source_) {
        return;
    }
    delivering_.insert(member);
    auto f = new_firing();
    f->member = member;
    std::tie(f->incident_id, f->stage) = split(member);
    source_(f->incident_id, [this, f](std::optional<core::incident> inc) {
        stages_.progress(f->incident_id, f->stage,
                         [this, f, inc = std::move(inc)](boost::system::error_code ec,
                                                         store::stage_progress progress) mutable {
                             if (ec) {
                                 delivering_.erase(f->member);  // tried again on reconnect
                                 return;
                             }
                             resume_with(f, inc, std::move(progress));
                         });
    });
}

void escalation::resume_with(const std::shared_ptr<firing>& f,
                             const std::optional<core::incident>& inc,
                             store::stage_progress progress) {
    json::error_code jec;
    auto record = json::parse(progress.record_json, jec);
    if (!jec && record.is_object()) {
        f->record = std::move(record.as_object());
    } else {
        f->record = json::object{{"name", f->stage}, {"due_at", nullptr}, {"fired_at", nullptr},
                                 {"late", true},     {"skipped", nullptr}, {"deliveries", json::array{}}};
    }
    for (const auto& text : progress.deliveries) {
        auto d = json::parse(text, jec);
        if (jec || !d.is_object()) {
            continue;
        }
        const auto* to = d.as_object().if_contains("to");
        const auto* via = d.as_object().if_contains("via");
        if (to != nullptr && to->is_string() && via != nullptr && via->is_string()) {
            f->done.insert(std::string(via->as_string()) + "|" + std::string(to->as_string()));
            // Markers and receipts stay in the deliveries hash; the stage record lists results.
            if (via->as_string() != "sms_handed" && via->as_string() != "sms_receipt") {
                f->deliveries.push_back(std::move(d));
            }
        }
    }
    const auto* st = inc ? stage_named(core::policy_for(*f->cfg, inc->what), f->stage) : nullptr;
    log()->info("event=stage_resumed incident={} stage={} recorded={} found={}", f->incident_id,
                f->stage, f->done.size(), st != nullptr);
    if (st == nullptr) {
        // The incident or its stage is gone from the config: close the record as it stands.
        delivered(f, {}, {}, {});
        return;
    }
    deliver(*st, *inc, f);
}

// Before a stage's SMS goes to the gateways: a marker (via "sms_handed", no timeline line) that
// a resume after a crash reads as "may have been sent", so the message is not sent twice. The
// message waits for the marker's write; without Redis it goes anyway (an alarm is not held back
// for the bookkeeping), and a crash then may send it twice.
void escalation::mark_handed(const std::shared_ptr<firing>& f, const std::string& to,
                             std::function<void()> go) {
    json::object d{{"to", to}, {"via", "sms_handed"}, {"result", "handed to the SMS gateways"}};
    store::delivery_write w{store::stage_store::delivery_field(f->stage, "sms_handed", to),
                            json::serialize(d), {}};
    stages_.record_delivery(f->incident_id, w,
                            [member = f->member, to, go = std::move(go)](
                                boost::system::error_code ec) {
                                if (ec) {
                                    log()->warn("event=sms_handed_not_recorded stage={} to={} "
                                                "reason=\"{}\"",
                                                member, to, ec.message());
                                }
                                go();
                            });
}

// A delivery receipt from the SMSC: a delivery record of its own (via "sms_receipt") says what
// became of the recipient's message, and the incident's timeline gets a line; one that was not
// delivered is also pushed to the guards as delivery.failed.
void escalation::on_sms_receipt(const notify::sms_receipt& r) {
    const auto slash = r.ref.rfind('/');
    if (slash == std::string::npos || r.recipient.empty()) {
        return;
    }
    const std::string incident_id = r.ref.substr(0, slash);
    const std::string stage = r.ref.substr(slash + 1);
    const std::string result =
        r.delivered ? "delivered (receipt from " + r.gateway + ", " + r.message_id + ")"
                    : "failed: " + r.state + (r.error.empty() ? "" : " err " + r.error) +
                          " (receipt from " + r.gateway + ", " + r.message_id + ")";
    metrics_.deliveries.add(
        sys::labels({{"via", "sms"}, {"result", r.delivered ? "delivered" : "failed"}}));
    // Beside the recipient's sms record (written once, when the gateway took the message).
    json::object d{{"to", r.recipient}, {"via", "sms_receipt"}, {"result", result}};
    store::delivery_write w{store::stage_store::delivery_field(stage, "sms_receipt", r.recipient),
                            json::serialize(d),
                            timeline_entry(core::clock::now(), "sms_receipt", r.recipient,
                                           stage + " via sms: " + result)};
    stages_.record_delivery(incident_id, w, [incident_id](boost::system::error_code ec) {
        if (ec) {
            log()->warn("event=receipt_record_failed incident={} reason=\"{}\"", incident_id,
                        ec.message());
        }
    });
    if (!r.delivered) {
        sms_failed(incident_id, r.recipient, "receipt: " + r.state);
    }
}

// An SMS that could not be sent is shown to the guards on duty, who can phone instead.
void escalation::sms_failed(const std::string& incident_id, const std::string& to,
                            const std::string& error) {
    log()->error("event=sms_failed incident={} to={} reason=\"{}\"", incident_id, to, error);
    std::vector<std::string> guards;
    for (const auto* p : core::on_duty(*cfg_, config::role::guard,
                                       core::local_minute_of_day(core::clock::now()))) {
        guards.push_back(p->id);
    }
    hub_.publish_to(guards, "delivery.failed",
                    json::object{{"incident_id", incident_id}, {"to", to}, {"via", "sms"},
                                 {"error", error}});
}

// Unacknowledged alerts are pushed to the guards again every `realert` until someone acks.
void escalation::realert(const item& it, const core::incident& inc) {
    const auto& policy = core::policy_for(*cfg_, inc.what);
    if (!inc.is_open() || inc.acknowledged || !policy.realert) {
        return;
    }
    std::vector<std::string> guards;
    for (const auto* p : core::on_duty(*cfg_, config::role::guard,
                                       core::local_minute_of_day(core::clock::now()))) {
        guards.push_back(p->id);
    }
    const auto text = core::render(core::default_template("alert"), {inc, *cfg_, policy, "alert"});
    hub_.publish_to(guards, "notice",
                    json::object{{"incident_id", inc.id},
                                 {"stage", "alert"},
                                 {"realert", true},
                                 {"text", text},
                                 {"incident", wire::to_json(inc)}});
    add({it.member, it.due_ms + std::chrono::duration_cast<std::chrono::milliseconds>(
                                    *policy.realert)
                                    .count()});
}

}  // namespace alarmd::pipeline
