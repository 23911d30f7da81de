// The special-event report from its parts, with `now` given: one entry per policy stage (fired,
// skipped or still due), and each SLA check passed, missed, not_applicable or pending. The
// scheduler's 1 s lateness threshold is allowed on every limit.
#include "daemon/pipeline/report.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace alarmd::pipeline {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const core::time_point opened = *core::parse_time("2026-11-24T06:00:00.000Z");

config::config policy_config() {
    config::config cfg;
    config::policy p;
    p.name = "default";
    for (const auto& [name, at] : {std::pair{"report", 60s}, {"manager", 300s}, {"residents", 600s}}) {
        config::stage s;
        s.name = name;
        s.at = at;
        p.stages.push_back(s);
    }
    p.sla = {{"report", 60s}, {"manager", 300s}, {"residents", 600s}, {"on_site", 900s}};
    cfg.policies["default"] = p;
    return cfg;
}

core::incident fire() {
    core::incident inc;
    inc.id = "inc-1";
    inc.what = core::category::fire;
    inc.opened_at = opened;
    return inc;
}

std::string record(std::string_view name, std::optional<std::chrono::milliseconds> fired_after,
                   std::string_view result, std::optional<std::string> skipped = {}) {
    json::array deliveries;
    if (!result.empty()) {
        deliveries.push_back(json::object{{"to", "lead1"}, {"via", "sms"}, {"result", result}});
    }
    return json::serialize(json::object{
        {"name", name},
        {"due_at", "2026-11-24T06:01:00.000Z"},
        {"fired_at", fired_after ? json::value(core::format_time(opened + *fired_after))
                                 : json::value(nullptr)},
        {"late", false},
        {"skipped", skipped ? json::value(*skipped) : json::value(nullptr)},
        {"deliveries", std::move(deliveries)}});
}

std::string status(const json::object& report, std::string_view check_prefix) {
    for (const auto& c : report.at("sla").as_array()) {
        if (c.as_object().at("check").as_string().starts_with(check_prefix)) {
            return std::string(c.as_object().at("status").as_string());
        }
    }
    return "absent";
}

TEST(Report, TheIncidentCarriesItsBuildingsNameAndThePlan) {
    auto cfg = policy_config();
    cfg.policies["default"].plan = "1. 核实 2. 到场";
    cfg.buildings.push_back({"B3", "3号楼", 18});
    auto inc = fire();
    inc.building = "B3";
    const auto r = make_report(inc, cfg, {}, {}, opened);
    const auto& i = r.at("incident").as_object();
    EXPECT_EQ(i.at("building").as_string(), "B3");
    EXPECT_EQ(i.at("building_name").as_string(), "3号楼");
    EXPECT_EQ(i.at("plan").as_string(), "1. 核实 2. 到场");
    // A building the config does not name (a guard's manual report) keeps its id.
    inc.building = "东门岗亭";
    EXPECT_EQ(make_report(inc, cfg, {}, {}, opened).at("incident").at("building_name").as_string(),
              "东门岗亭");
}

TEST(Report, StagesInPolicyOrderWithTheUnfiredStillDue) {
    const auto cfg = policy_config();
    const auto r = make_report(fire(), cfg, {}, {{"report", record("report", 60s, "accepted")}},
                               opened + 90s);
    const auto& stages = r.at("stages").as_array();
    ASSERT_EQ(stages.size(), 3u);
    EXPECT_EQ(stages[0].as_object().at("name").as_string(), "report");
    EXPECT_TRUE(stages[0].as_object().at("fired_at").is_string());
    EXPECT_EQ(stages[1].as_object().at("name").as_string(), "manager");
    EXPECT_TRUE(stages[1].as_object().at("fired_at").is_null());
    EXPECT_EQ(stages[1].as_object().at("due_at").as_string(), "2026-11-24T06:05:00.000Z");
    EXPECT_EQ(status(r, "report"), "passed");
    EXPECT_EQ(status(r, "manager"), "pending");
    EXPECT_EQ(status(r, "guard on site"), "pending");
}

TEST(Report, AStageMissesItsLimitWhenLateOrWhenNobodyWasReached) {
    const auto cfg = policy_config();
    auto inc = fire();
    const auto r = make_report(
        inc, cfg, {},
        {{"report", record("report", 61s, "accepted")},          // within the 1 s allowance
         {"manager", record("manager", 302s, "accepted")},       // beyond it
         {"residents", record("residents", 600s, "failed: no phone number")}},
        opened + 20min);
    EXPECT_EQ(status(r, "report"), "passed");
    EXPECT_EQ(status(r, "manager"), "missed");
    EXPECT_EQ(status(r, "residents"), "missed") << "fired in time, but nobody was told";
    EXPECT_EQ(status(r, "guard on site"), "missed") << "open past 15 minutes, nobody arrived";
}

TEST(Report, SkippedStagesAndAFalseAlarmAreNotApplicable) {
    const auto cfg = policy_config();
    auto inc = fire();
    inc.state = core::incident_state::resolved;
    inc.result = core::outcome::false_alarm;
    inc.resolved = core::stamp{"g01", opened + 30s};
    const auto r = make_report(
        inc, cfg, {},
        {{"report", record("report", std::nullopt, "", "resolved as false_alarm")}},
        opened + 20min);
    EXPECT_EQ(status(r, "report"), "not_applicable");
    EXPECT_EQ(status(r, "guard on site"), "not_applicable");
    EXPECT_EQ(status(r, "manager"), "missed") << "no record past its limit";
    EXPECT_EQ(r.at("incident").as_object().at("outcome").as_string(), "false_alarm");
}

TEST(Report, ArrivalWithinTheLimitPasses) {
    const auto cfg = policy_config();
    auto inc = fire();
    inc.arrived = core::stamp{"g01", opened + 14min};
    auto r = make_report(inc, cfg, {}, {}, opened + 1h);
    EXPECT_EQ(status(r, "guard on site"), "passed");
    inc.arrived = core::stamp{"g01", opened + 16min};
    r = make_report(inc, cfg, {}, {}, opened + 1h);
    EXPECT_EQ(status(r, "guard on site"), "missed");
}

TEST(Report, TheTimelineKeepsItsEntriesInOrderAndSkipsUnreadableOnes) {
    const auto cfg = policy_config();
    const auto r = make_report(fire(), cfg,
                               {{R"({"at":"a","what":"opened"})", "not json",
                                 R"({"at":"b","what":"acknowledged"})"},
                                0,
                                3},
                               {}, opened);
    const auto& timeline = r.at("timeline").as_array();
    ASSERT_EQ(timeline.size(), 2u);
    EXPECT_EQ(timeline[1].as_object().at("what").as_string(), "acknowledged");
    EXPECT_TRUE(r.at("timeline_next").is_null()) << "the whole timeline: no next page";
}

TEST(Report, APageOfALongTimelineSaysWhereTheNextPageStarts) {
    const auto cfg = policy_config();
    const auto r = make_report(fire(), cfg,
                               {{R"({"at":"2026-01-01T00:00:00Z","what":"grouped"})",
                                 R"({"at":"2026-01-01T00:00:01Z","what":"grouped"})"},
                                10,
                                5000},
                               {}, opened);
    EXPECT_EQ(r.at("timeline_from").to_number<std::int64_t>(), 10);
    EXPECT_EQ(r.at("timeline_total").to_number<std::int64_t>(), 5000);
    EXPECT_EQ(r.at("timeline_next").to_number<std::int64_t>(), 12);
    const auto text = report_text(r, cfg);
    EXPECT_NE(text.find("时间线共 5000 条，此处为第 11–12 条；下一页 from=12"), std::string::npos)
        << text;
}

}  // namespace
}  // namespace alarmd::pipeline
