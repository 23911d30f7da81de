// Staged notifications with short policy durations: who gets what, in order, once; `unless`
// conditions; roles; the special-event report and its SLA checks. A stage that a test must act
// before is seconds away, and SLA limits that must pass are a minute, so a slow machine changes
// nothing but the run time.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string fast_policies =
    "policies:\n"
    "  default:\n"
    "    stages:\n"
    "      - { name: alert,     at: 0s,    to: [guard],     via: [ws] }\n"
    "      - { name: report,    at: 200ms, to: [team_lead], via: [ws, sms], unless: [false_alarm, test] }\n"
    "      - { name: manager,   at: 500ms, to: [manager],   via: [sms], unless: [resolved] }\n"
    "      - { name: residents, at: 1s,    to: [residents], via: [sms], unless: [false_alarm, test, held] }\n"
    "    sla: { report: 1m, manager: 1m, residents: 1m, on_site: 1m }\n"
    "  fire:\n"
    "    plan: \"立即到场核实\"\n";

// The later stages four seconds away: time for the steps a test takes before them.
const std::string later_stages_policies =
    "policies:\n"
    "  default:\n"
    "    stages:\n"
    "      - { name: alert,     at: 0s,  to: [guard],     via: [ws] }\n"
    "      - { name: report,    at: 4s,  to: [team_lead], via: [ws, sms], unless: [false_alarm, test] }\n"
    "      - { name: manager,   at: 4s,  to: [manager],   via: [sms], unless: [resolved] }\n"
    "      - { name: residents, at: 4s,  to: [residents], via: [sms], unless: [false_alarm, test, held] }\n"
    "    sla: { report: 1m, manager: 1m, residents: 1m, on_site: 1m }\n";

std::string s(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* cur = &v;
    for (const char* key : path) {
        cur = &cur->as_object().at(key);
    }
    return cur->is_string() ? std::string(cur->as_string()) : json::serialize(*cur);
}

class Escalation : public ::testing::Test {
protected:
    Escalation() {
        dir_ = std::filesystem::temp_directory_path() /
               ("alarmd-esc-" + std::to_string(::getpid()) + "-" +
                std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(dir_);
        std::ofstream(dir_ / "residents.csv")
            << "building,unit,name,phone\nB3,301,王五,+8613900000001\nB3,1201,赵六,+8613900000002\n"
               "B1,101,钱七,+8613900000003\n";
    }
    ~Escalation() override { std::filesystem::remove_all(dir_); }

    std::string config(const std::string& policies = fast_policies) {
        return test_config_yaml(redis.url(),
                                "sms: { gateways: [ { name: demo, type: log } ], per_recipient_per_minute: 0 }\n"
                                "residents: { csv: \"" + (dir_ / "residents.csv").string() + "\" }\n",
                                policies);
    }

    std::string open_fire(int port) {
        auto r = http_call(port, "POST", "/v1/events",
                           R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})",
                           "tok-gw");
        EXPECT_EQ(r.status, 202) << r.body;
        return s(r.json(), {"incident_id"});
    }

    // The report once every stage has fired or been skipped (bounded wait, not a timing check).
    json::value settled_report(int port, const std::string& id) {
        json::value last;
        for (int i = 0; i < 2400; ++i) {  // up to a minute
            auto r = http_call(port, "GET", "/v1/incidents/" + id + "/report", {}, "tok-g01");
            if (r.status == 200) {
                last = r.json();
                bool all = true;
                for (const auto& st : last.as_object().at("stages").as_array()) {
                    const auto& o = st.as_object();
                    const bool deliveries_in =
                        o.at("skipped").is_string() ||
                        (o.at("fired_at").is_string() && !o.at("deliveries").as_array().empty());
                    all = all && deliveries_in;
                }
                if (all) {
                    return last;
                }
            }
            std::this_thread::sleep_for(25ms);
        }
        ADD_FAILURE() << "stages did not settle: " << json::serialize(last);
        return last;
    }

    static const json::object& stage(const json::value& report, const std::string& name) {
        for (const auto& st : report.as_object().at("stages").as_array()) {
            if (st.as_object().at("name").as_string() == name) {
                return st.as_object();
            }
        }
        throw std::runtime_error("no stage " + name);
    }

    static std::string sla(const json::value& report, const std::string& prefix) {
        for (const auto& c : report.as_object().at("sla").as_array()) {
            if (c.as_object().at("check").as_string().starts_with(prefix)) {
                return std::string(c.as_object().at("status").as_string());
            }
        }
        return "absent";
    }

    std::filesystem::path dir_;
    redis_server redis;
};

TEST_F(Escalation, StagesReachEachAudienceInOrderOnceEach) {
    daemon_harness d(config());
    ws_client guard(d.port(), "tok-g01");
    ws_client lead(d.port(), "tok-lead1");
    ASSERT_TRUE(guard.next_of("hello") && lead.next_of("hello"));
    const auto id = open_fire(d.port());

    auto alert = guard.next_of("notice");
    ASSERT_TRUE(alert);
    EXPECT_EQ(s(*alert, {"stage"}), "alert");
    EXPECT_EQ(s(*alert, {"plan"}), "立即到场核实");
    EXPECT_NE(s(*alert, {"text"}).find("3号楼"), std::string::npos);
    auto report_notice = lead.next_of("notice");
    ASSERT_TRUE(report_notice);
    EXPECT_EQ(s(*report_notice, {"stage"}), "report");
    EXPECT_NE(s(*report_notice, {"text"}).find("火警"), std::string::npos);

    auto report = settled_report(d.port(), id);
    std::vector<std::string> fired;
    for (const auto& name : {"alert", "report", "manager", "residents"}) {
        const auto& st = stage(report, name);
        ASSERT_TRUE(st.at("fired_at").is_string()) << name;
        EXPECT_TRUE(st.at("skipped").is_null()) << name;
        fired.emplace_back(st.at("fired_at").as_string());
    }
    EXPECT_TRUE(std::is_sorted(fired.begin(), fired.end()));

    auto deliveries = [&](const std::string& name) {
        std::vector<std::string> out;
        for (const auto& d : stage(report, name).at("deliveries").as_array()) {
            out.push_back(s(d, {"to"}) + " " + s(d, {"via"}) + " " +
                          s(d, {"result"}).substr(0, s(d, {"result"}).find(' ')));
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(deliveries("alert"), (std::vector<std::string>{"g01 ws delivered", "g02 ws undelivered:",
                                                            "g03 ws undelivered:"}));
    EXPECT_EQ(deliveries("report"),
              (std::vector<std::string>{"lead1 sms accepted", "lead1 ws delivered"}));
    EXPECT_EQ(deliveries("manager"), (std::vector<std::string>{"mgr1 sms accepted"}));
    EXPECT_EQ(deliveries("residents"), (std::vector<std::string>{"resident:B3/1201 sms accepted",
                                                                "resident:B3/301 sms accepted"}));

    // Once each: one record per stage, nothing left pending, one "fired" line per stage.
    EXPECT_EQ(redis_query(redis.port(), {"HLEN", "t:incident:" + id + ":stages"}).integer, 4);
    EXPECT_EQ(redis_query(redis.port(), {"ZCARD", "t:stages"}).integer, 0);
    int fired_lines = 0;
    for (const auto& e : report.as_object().at("timeline").as_array()) {
        fired_lines += s(e, {"what"}) == "stage_fired" ? 1 : 0;
    }
    EXPECT_EQ(fired_lines, 4);
    EXPECT_EQ(sla(report, "report"), "passed");
    EXPECT_EQ(sla(report, "manager"), "passed");
    EXPECT_EQ(sla(report, "residents"), "passed");
}

TEST_F(Escalation, FalseAlarmBeforeTheReportStopsEveryLaterStage) {
    daemon_harness d(config(later_stages_policies));
    const auto id = open_fire(d.port());
    auto r = http_call(d.port(), "POST", "/v1/incidents/" + id + "/resolve",
                       R"({"outcome":"false_alarm","note":"cooking smoke"})", "tok-g01");
    ASSERT_EQ(r.status, 200) << r.body;
    auto report = settled_report(d.port(), id);
    EXPECT_TRUE(stage(report, "alert").at("fired_at").is_string());
    EXPECT_EQ(s(stage(report, "report"), {"skipped"}), "resolved as false_alarm");
    EXPECT_EQ(s(stage(report, "manager"), {"skipped"}), "resolved as false_alarm");
    EXPECT_EQ(s(stage(report, "residents"), {"skipped"}), "resolved as false_alarm");
    EXPECT_EQ(sla(report, "report"), "not_applicable");
    EXPECT_EQ(sla(report, "guard on site"), "not_applicable");
    EXPECT_EQ(s(report, {"incident", "outcome"}), "false_alarm");
}

TEST_F(Escalation, AManagersHoldStopsTheResidentNoticeAndAGuardCannotHold) {
    daemon_harness d(config(later_stages_policies));
    const auto id = open_fire(d.port());
    auto refused = http_call(d.port(), "POST", "/v1/incidents/" + id + "/hold", {}, "tok-g01");
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.body.find("guard"), std::string::npos);
    auto shown = http_call(d.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
    EXPECT_TRUE(shown.json().as_object().at("incident").as_object().at("held").is_null());

    ws_client guard(d.port(), "tok-g02");
    ASSERT_TRUE(guard.next_of("hello"));
    guard.send(json::object{{"type", "hold"}, {"incident", id}, {"ref", 5}});
    auto err = guard.next_of("error");
    ASSERT_TRUE(err);
    EXPECT_NE(s(*err, {"error"}).find("forbidden"), std::string::npos);

    ASSERT_EQ(http_call(d.port(), "POST", "/v1/incidents/" + id + "/hold", {}, "tok-mgr1").status,
              200);
    auto report = settled_report(d.port(), id);
    EXPECT_TRUE(stage(report, "report").at("fired_at").is_string());
    EXPECT_TRUE(stage(report, "manager").at("fired_at").is_string());
    EXPECT_EQ(s(stage(report, "residents"), {"skipped"}), "held by mgr1");
}

TEST_F(Escalation, UnacknowledgedAlertsAreRepeatedUntilAcknowledged) {
    daemon_harness d(config(
        "policies:\n"
        "  default:\n"
        "    realert: 150ms\n"
        "    stages:\n"
        "      - { name: alert,  at: 0s,    to: [guard],     via: [ws] }\n"
        "      - { name: report, at: 2s, to: [team_lead], via: [ws] }\n"));
    ws_client guard(d.port(), "tok-g01");
    ASSERT_TRUE(guard.next_of("hello"));
    const auto id = open_fire(d.port());
    int realerts = 0;
    while (realerts < 2) {
        auto m = guard.next_of("notice");
        ASSERT_TRUE(m);
        realerts += m->as_object().contains("realert") ? 1 : 0;
    }
    guard.send(json::object{{"type", "ack"}, {"incident", id}, {"ref", 1}});
    ASSERT_TRUE(guard.next_of("ok"));
    // Wait until the report stage (2 s) has fired, several realert periods after the ack,
    // then mark the stream with a new incident: no realert may come before the marker.
    settled_report(d.port(), id);
    ASSERT_EQ(http_call(d.port(), "POST", "/v1/events",
                        R"({"device":"perimeter-b2","zone":"1","category":"perimeter"})", "tok-gw")
                  .status,
              202);
    for (;;) {
        auto m = guard.next();
        ASSERT_TRUE(m);
        if (s(*m, {"type"}) == "incident.opened") {
            break;
        }
        EXPECT_FALSE(s(*m, {"type"}) == "notice" && m->as_object().contains("realert") &&
                     s(*m, {"incident_id"}) == id)
            << "realert after the ack: " << json::serialize(*m);
    }
}

TEST_F(Escalation, SlaMissedWhenTheStageComesAfterItsLimit) {
    daemon_harness d(config(
        "policies:\n"
        "  default:\n"
        "    stages:\n"
        "      - { name: report, at: 1500ms, to: [team_lead], via: [sms] }\n"
        "    sla: { report: 100ms, on_site: 100ms }\n"));
    const auto id = open_fire(d.port());
    auto report = settled_report(d.port(), id);
    EXPECT_EQ(sla(report, "report"), "missed");
    EXPECT_EQ(sla(report, "guard on site"), "missed");
}

TEST_F(Escalation, ReportAsReadableChineseText) {
    daemon_harness d(config());
    const auto id = open_fire(d.port());
    ASSERT_EQ(http_call(d.port(), "POST", "/v1/incidents/" + id + "/arrive", {}, "tok-g01").status,
              200);
    settled_report(d.port(), id);
    auto text = http_call(d.port(), "GET", "/v1/incidents/" + id + "/report?format=text", {},
                          "tok-lead1");
    ASSERT_EQ(text.status, 200);
    EXPECT_EQ(text.headers["content-type"], "text/plain; charset=utf-8");
    for (const char* part : {"特别事件报告", id.c_str(), "火警", "3号楼", "时间线", "通知阶段",
                             "时限检查", "通过"}) {
        EXPECT_NE(text.body.find(part), std::string::npos) << part << "\n" << text.body;
    }
    EXPECT_EQ(http_call(d.port(), "GET", "/v1/incidents/nope/report", {}, "tok-g01").status, 404);
}

}  // namespace
}  // namespace alarmd::test
