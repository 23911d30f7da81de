#include "daemon/pipeline/report.hpp"

#include <boost/json.hpp>

#include "daemon/core/escalation_rules.hpp"
#include "daemon/core/message_template.hpp"
#include "daemon/pipeline/escalation.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/store/incident_store.hpp"
#include "daemon/store/stage_store.hpp"

namespace alarmd::pipeline {
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// A stage due exactly at its SLA limit that fires a few milliseconds later has not missed it:
// checks allow the scheduler's lateness threshold.
constexpr auto tolerance = escalation::late_after;

std::string duration_text(std::chrono::milliseconds d) {
    const auto ms = d.count();
    if (ms % 60000 == 0 && ms != 0) {
        return std::to_string(ms / 60000) + "m";
    }
    if (ms % 1000 == 0) {
        return std::to_string(ms / 1000) + "s";
    }
    return std::to_string(ms) + "ms";
}

std::optional<core::time_point> time_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) {
        return std::nullopt;
    }
    return core::parse_time(v->as_string());
}

// A member of a stored record when it has the given kind, else `fallback`.
json::value member(const json::object& o, std::string_view key, json::kind k,
                   json::value fallback) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->kind() == k ? *v : fallback;
}

// A stage record as stored, in the report's shape whatever it holds (a record written by an
// older version, or damaged): only the members of the expected kinds are taken.
json::object normalized_record(const json::object& raw, const std::string& name) {
    json::array deliveries;
    if (const auto* d = raw.if_contains("deliveries"); d != nullptr && d->is_array()) {
        for (const auto& x : d->as_array()) {
            if (!x.is_object()) {
                continue;
            }
            const auto& o = x.as_object();
            deliveries.push_back(json::object{{"to", member(o, "to", json::kind::string, "")},
                                              {"via", member(o, "via", json::kind::string, "")},
                                              {"result", member(o, "result", json::kind::string, "")}});
        }
    }
    return json::object{{"name", name},
                        {"due_at", member(raw, "due_at", json::kind::string, nullptr)},
                        {"fired_at", member(raw, "fired_at", json::kind::string, nullptr)},
                        {"late", member(raw, "late", json::kind::bool_, false)},
                        {"skipped", member(raw, "skipped", json::kind::string, nullptr)},
                        {"deliveries", std::move(deliveries)}};
}

bool any_success(const json::object& record) {
    for (const auto& x : record.at("deliveries").as_array()) {
        const auto& r = x.as_object().at("result").as_string();
        if (r.starts_with("delivered") || r.starts_with("accepted")) {
            return true;
        }
    }
    return false;
}

json::object check(std::string name, std::chrono::milliseconds limit,
                   std::optional<std::chrono::milliseconds> actual, std::string_view status) {
    return json::object{{"check", std::move(name)},
                        {"limit", duration_text(limit)},
                        {"actual", actual ? json::value(duration_text(*actual)) : json::value(nullptr)},
                        {"status", status}};
}

}  // namespace

json::object make_report(const core::incident& inc, const config::config& cfg,
                         const timeline_slice& timeline,
                         const std::vector<std::pair<std::string, std::string>>& stage_records,
                         core::time_point now) {
    const auto& policy = core::policy_for(cfg, inc.what);
    const auto* building = cfg.find_building(inc.building);
    json::object incident{
        {"id", inc.id},
        {"category", core::to_string(inc.what)},
        {"building", inc.building},
        // Its name from site.buildings (the id when the config has none), for a reader.
        {"building_name", building != nullptr && !building->name.empty() ? building->name
                                                                          : inc.building},
        {"state", core::to_string(inc.state)},
        {"outcome", inc.result == core::outcome::none ? json::value(nullptr)
                                                      : json::value(core::to_string(inc.result))},
        {"opened_at", core::format_time(inc.opened_at)},
        {"resolved_at",
         inc.resolved ? json::value(core::format_time(inc.resolved->at)) : json::value(nullptr)},
        {"title", inc.title},
        {"note", inc.note},
        {"event_count", inc.event_count},
        // What the guards are to do (the category's policy), as the alert's notice carries it:
        // a console that opens an incident later (from hello) finds it here.
        {"plan", policy.plan},
    };

    json::array entries;
    for (const auto& t : timeline.lines) {
        json::error_code ec;
        auto v = json::parse(t, ec);
        if (!ec && v.is_object()) {
            entries.push_back(std::move(v));
        }
    }

    std::map<std::string, json::object> records;
    for (const auto& [name, text] : stage_records) {
        json::error_code ec;
        auto v = json::parse(text, ec);
        if (!ec && v.is_object()) {
            records[name] = normalized_record(v.as_object(), name);
        }
    }
    json::array stages;
    for (const auto& s : policy.stages) {
        auto it = records.find(s.name);
        if (it != records.end()) {
            stages.push_back(it->second);
            continue;
        }
        stages.push_back(json::object{{"name", s.name},
                                      {"due_at", core::format_time(inc.opened_at + s.at)},
                                      {"fired_at", nullptr},
                                      {"late", false},
                                      {"skipped", nullptr},
                                      {"deliveries", json::array{}}});
    }

    // SLA: passed / missed / not_applicable, and pending while an open incident is in time.
    json::array sla;
    const bool dismissed = inc.resolved && (inc.result == core::outcome::false_alarm ||
                                            inc.result == core::outcome::test);
    for (const auto& [name, limit] : policy.sla) {
        if (name == "on_site") {
            const std::string label = "guard on site within " + duration_text(limit);
            if (inc.arrived) {
                const auto actual =
                    std::chrono::duration_cast<std::chrono::milliseconds>(inc.arrived->at - inc.opened_at);
                sla.push_back(check(label, limit, actual,
                                    actual <= limit + tolerance ? "passed" : "missed"));
            } else if (dismissed) {
                sla.push_back(check(label, limit, std::nullopt, "not_applicable"));
            } else {
                const bool over = (inc.resolved ? inc.resolved->at : now) > inc.opened_at + limit + tolerance;
                sla.push_back(check(label, limit, std::nullopt,
                                    over ? "missed" : (inc.resolved ? "not_applicable" : "pending")));
            }
            continue;
        }
        const std::string label = name + " within " + duration_text(limit);
        auto it = records.find(name);
        if (it == records.end()) {
            const bool over = now > inc.opened_at + limit + tolerance;
            sla.push_back(check(label, limit, std::nullopt, over ? "missed" : "pending"));
            continue;
        }
        const auto& rec = it->second;
        const auto* skipped = rec.if_contains("skipped");
        if (skipped != nullptr && skipped->is_string()) {
            sla.push_back(check(label, limit, std::nullopt, "not_applicable"));
            continue;
        }
        auto fired = time_field(rec, "fired_at");
        std::optional<std::chrono::milliseconds> actual;
        if (fired) {
            actual = std::chrono::duration_cast<std::chrono::milliseconds>(*fired - inc.opened_at);
        }
        const bool ok = actual && *actual <= limit + tolerance && any_success(rec);
        sla.push_back(check(label, limit, actual, ok ? "passed" : "missed"));
    }

    const auto next = timeline.from + timeline.lines.size();
    return json::object{{"incident", std::move(incident)},
                        {"timeline", std::move(entries)},
                        {"timeline_from", timeline.from},
                        {"timeline_total", timeline.total},
                        {"timeline_next", next < timeline.total ? json::value(next)
                                                                : json::value(nullptr)},
                        {"stages", std::move(stages)},
                        {"sla", std::move(sla)},
                        {"generated_at", core::format_time(now)}};
}

void build_report(pipeline& pipe, store::incident_store& store, store::stage_store& stages,
                  config::snapshot cfg, const std::string& incident_id, std::size_t from,
                  std::size_t limit, report_done done) {
    pipe.find_incident(incident_id, [&store, &stages, cfg = std::move(cfg), incident_id, from,
                                     limit, done = std::move(done)](
                                        std::optional<core::incident> inc) mutable {
        if (!inc) {
            done("no incident '" + incident_id + "'", {});
            return;
        }
        store.timeline(incident_id, from, limit,
                       [&stages, cfg = std::move(cfg), inc = std::move(*inc), from,
                        done = std::move(done)](auto ec, auto page) mutable {
            if (ec) {
                done("incident store unavailable: " + ec.message(), {});
                return;
            }
            const auto id = inc.id;  // read before `inc` moves into the callback
            timeline_slice timeline{std::move(page.lines), from, page.total};
            stages.records(
                id, [cfg = std::move(cfg), inc = std::move(inc), timeline = std::move(timeline),
                         done = std::move(done)](auto ec2, auto records) {
                    if (ec2) {
                        done("incident store unavailable: " + ec2.message(), {});
                        return;
                    }
                    done(std::nullopt,
                         make_report(inc, *cfg, timeline, records, core::clock::now()));
                });
        });
    });
}

namespace {

std::string str(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return "—";
    }
    if (v->is_string()) {
        return std::string(v->as_string());
    }
    return json::serialize(*v);
}

std::string local(const json::object& o, std::string_view key) {
    auto t = time_field(o, key);
    return t ? core::local_time_text(*t) : "—";
}

std::string_view status_text(std::string_view s) {
    if (s == "passed") {
        return "通过";
    }
    if (s == "missed") {
        return "未达标";
    }
    if (s == "not_applicable") {
        return "不适用";
    }
    return "进行中";
}

std::string_view outcome_text(std::string_view o) {
    if (o == "real") {
        return "真实事件";
    }
    if (o == "false_alarm") {
        return "误报";
    }
    if (o == "test") {
        return "测试";
    }
    return "未结案";
}

}  // namespace

std::string report_text(const json::object& report, const config::config& cfg) {
    const auto& inc = report.at("incident").as_object();
    std::string out;
    auto line = [&out](const std::string& s) { out += s + "\n"; };
    const auto building_id = str(inc, "building");
    const auto* b = cfg.find_building(building_id);
    const auto category = core::parse_category(str(inc, "category"));

    line("特别事件报告");
    line("==============");
    line("事件编号：" + str(inc, "id"));
    line("事件类别：" + (category ? std::string(core::display_name(*category)) : str(inc, "category")));
    line("发生位置：" + (b != nullptr && !b->name.empty() ? b->name : building_id) + " " +
         str(inc, "title"));
    line("发生时间：" + local(inc, "opened_at"));
    line("解除时间：" + local(inc, "resolved_at"));
    line("当前状态：" + str(inc, "state"));
    line("处理结论：" + std::string(outcome_text(str(inc, "outcome"))));
    line("处理说明：" + str(inc, "note"));
    line("报警次数：" + str(inc, "event_count"));
    line("");
    line("一、事件经过（时间线）");
    for (const auto& e : report.at("timeline").as_array()) {
        const auto& o = e.as_object();
        line("  " + local(o, "at") + "  " + str(o, "what") + "  " + str(o, "who") + "  " +
             str(o, "detail"));
    }
    // A page of a long timeline says which lines it holds and where the next page starts.
    const auto from = report.at("timeline_from").to_number<std::size_t>();
    const auto total = report.at("timeline_total").to_number<std::size_t>();
    const auto shown = report.at("timeline").as_array().size();
    if (from > 0 || from + shown < total) {
        line("  （时间线共 " + std::to_string(total) + " 条，此处为第 " + std::to_string(from + 1) +
             "–" + std::to_string(from + shown) + " 条" +
             (from + shown < total ? "；下一页 from=" + std::to_string(from + shown) : "") + "）");
    }
    line("");
    line("二、通知阶段");
    for (const auto& s : report.at("stages").as_array()) {
        const auto& o = s.as_object();
        std::string head = "  " + str(o, "name") + "：应于 " + local(o, "due_at");
        if (const auto* sk = o.if_contains("skipped"); sk != nullptr && sk->is_string()) {
            head += "，已跳过（" + std::string(sk->as_string()) + "）";
        } else if (const auto* f = o.if_contains("fired_at"); f != nullptr && f->is_string()) {
            head += "，已发出 " + local(o, "fired_at");
            if (o.at("late").as_bool()) {
                head += "（延迟）";
            }
        } else {
            head += "，尚未到期";
        }
        line(head);
        for (const auto& d : o.at("deliveries").as_array()) {
            const auto& dd = d.as_object();
            line("      → " + str(dd, "to") + " [" + str(dd, "via") + "] " + str(dd, "result"));
        }
    }
    line("");
    line("三、时限检查");
    for (const auto& c : report.at("sla").as_array()) {
        const auto& o = c.as_object();
        line("  " + str(o, "check") + "：" + std::string(status_text(str(o, "status"))) +
             "（实际 " + str(o, "actual") + "）");
    }
    line("");
    line("报告生成时间：" + local(report, "generated_at"));
    return out;
}

}  // namespace alarmd::pipeline
