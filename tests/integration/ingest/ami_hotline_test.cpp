// The phone hotline end to end: a fake Asterisk (tests/support/fake_asterisk) plays call events
// to the daemon's AMI client over a real socket, with a real Redis behind the daemon. A resident
// calling during a fire in their building is attached to the fire with their unit; an unknown
// number opens its own hotline incident; an abandoned call opens a call-back incident that
// escalates; a dropped connection is logged in again; a wrong secret leaves the AMI source down
// in /readyz while the rest works.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "daemon/sys/token_book.hpp"
#include "tests/integration/ingest/inprocess_daemon.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_asterisk.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/unit/config/temp_dir.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string str(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* cur = &v;
    for (const char* key : path) {
        cur = &cur->as_object().at(key);
    }
    return cur->is_string() ? std::string(cur->as_string()) : std::string();
}

// One AMI event block.
std::string block(const std::string& name,
                  const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string b = "Event: " + name + "\r\nPrivilege: call,all\r\n";
    for (const auto& [k, v] : fields) {
        b += k + ": " + v + "\r\n";
    }
    return b + "\r\n";
}

// A caller's channel `id` dialling the hotline DID 4008 and queueing in hotline queue 600.
std::string call_starts(const std::string& number, const std::string& id) {
    const std::vector<std::pair<std::string, std::string>> channel{{"Channel", "PJSIP/trunk-" + id},
                                                                   {"CallerIDNum", number},
                                                                   {"CallerIDName", "<unknown>"},
                                                                   {"Context", "from-trunk"},
                                                                   {"Exten", "4008"},
                                                                   {"Uniqueid", id},
                                                                   {"Linkedid", id}};
    auto join = channel;
    join.emplace_back("Queue", "600");
    join.emplace_back("Position", "1");
    join.emplace_back("Count", "1");
    return block("Newchannel", channel) + block("QueueCallerJoin", join);
}

std::string call_abandoned(const std::string& number, const std::string& id) {
    return block("QueueCallerAbandon", {{"Channel", "PJSIP/trunk-" + id},
                                        {"CallerIDNum", number},
                                        {"Uniqueid", id},
                                        {"Linkedid", id},
                                        {"Queue", "600"},
                                        {"HoldTime", "41"}}) +
           block("Hangup", {{"Channel", "PJSIP/trunk-" + id},
                            {"CallerIDNum", number},
                            {"Uniqueid", id},
                            {"Linkedid", id},
                            {"Cause", "16"}});
}

// The residents list in a folder of its own.
std::string residents_file(const temp_dir& dir, const std::string& text) {
    dir.write("residents.csv", text);
    return (dir.path() / "residents.csv").string();
}

// The test config with an ingest.ami section and the residents list; `policies` as
// test_config_yaml takes them.
std::string hotline_yaml(const std::string& redis_url, int ami_port, const std::string& secret,
                         const std::string& residents_csv, const std::string& policies) {
    auto y =
        test_config_yaml(redis_url, "residents: { csv: \"" + residents_csv + "\" }\n", policies);
    const std::string ami = "  ami: { host: 127.0.0.1, port: " + std::to_string(ami_port) +
                            ", username: alarmd, secret: \"" + secret +
                            "\", hotline: [\"600\"], reconnect_max: 1s }\n";
    y.insert(y.find("ingest:\n") + 8, ami);
    return y;
}

constexpr const char* residents =
    "building,unit,name,phone\n"
    "B3,301,张三,+86 138 0000 0001\n"
    "B3,301,李四,13800000002\n"
    "B1,1201,王五,13900000003\n";

// Stages for the call-back incident that come quickly: the team lead hears of it after 1 s.
constexpr const char* callback_policies =
    "policies:\n"
    "  default: { stages: [ { name: alert, at: 1h, to: [team_lead], via: [ws] } ] }\n"
    "  callback: { stages: [ { name: alert, at: 0s, to: [guard], via: [ws] },\n"
    "                        { name: report, at: 1s, to: [team_lead], via: [ws],"
    " unless: [resolved] } ] }\n";

class AmiHotline : public ::testing::Test {
protected:
    temp_dir dir;
    redis_server redis;
    fake_asterisk pbx{fake_asterisk::options{}};
    std::unique_ptr<daemon_harness> daemon;

    void start(const std::string& secret = "secret",
               const std::string& policies = callback_policies) {
        daemon = std::make_unique<daemon_harness>(hotline_yaml(
            redis.url(), pbx.port(), secret, residents_file(dir, residents), policies));
    }

    http_reply post_fire_b3() {
        return http_call(daemon->port(), "POST", "/v1/events",
                         R"({"device":"panel-b3","zone":"003","category":"fire","text":"smoke"})",
                         "tok-gw");
    }
};

TEST_F(AmiHotline, AResidentCallingDuringAFireIsAttachedToItWithTheirUnit) {
    start();
    ASSERT_TRUE(pbx.wait_logged_in(1, 30s)) << "the daemon never logged in";
    ws_client g(daemon->port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    ASSERT_EQ(post_fire_b3().status, 202);
    auto opened = g.next_of("incident.opened");
    ASSERT_TRUE(opened);
    const auto fire_id = str(*opened, {"incident", "id"});

    // The resident's number as the carrier sends it, +86 and all.
    pbx.send_raw(call_starts("+8613800000001", "1700000001.10"));
    auto u = g.next_of("incident.updated");
    ASSERT_TRUE(u);
    EXPECT_EQ(str(*u, {"incident_id"}), fire_id);
    EXPECT_EQ(str(*u, {"change"}), "attached");
    EXPECT_EQ(str(*u, {"event", "source"}), "hotline");
    EXPECT_EQ(str(*u, {"event", "category"}), "hotline_call");
    EXPECT_EQ(str(*u, {"event", "location", "building"}), "B3");
    EXPECT_EQ(str(*u, {"event", "location", "unit"}), "301");
    EXPECT_NE(str(*u, {"event", "text"}).find("张三"), std::string::npos) << json::serialize(*u);

    // The incident as the API shows it has the call among its zones.
    auto inc = http_call(daemon->port(), "GET", "/v1/incidents/" + fire_id, {}, "tok-g01");
    ASSERT_EQ(inc.status, 200);
    EXPECT_NE(inc.body.find("13800000001"), std::string::npos) << inc.body;
}

TEST_F(AmiHotline, AnUnknownNumberOpensItsOwnHotlineIncident) {
    start();
    ASSERT_TRUE(pbx.wait_logged_in(1, 30s));
    ws_client g(daemon->port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    ASSERT_EQ(post_fire_b3().status, 202);
    ASSERT_TRUE(g.next_of("incident.opened"));

    pbx.send_raw(call_starts("02155550000", "1700000002.20"));
    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "category"}), "hotline_call");
    EXPECT_EQ(str(*m, {"event", "source"}), "hotline");
    EXPECT_EQ(str(*m, {"event", "zone"}), "2155550000");
    EXPECT_NE(str(*m, {"event", "text"}).find("not in the residents list"), std::string::npos);
}

TEST_F(AmiHotline, AnAbandonedCallOpensACallBackIncidentThatEscalates) {
    start();
    ASSERT_TRUE(pbx.wait_logged_in(1, 30s));
    ws_client g(daemon->port(), "tok-g01");
    ws_client lead(daemon->port(), "tok-lead1");
    ASSERT_TRUE(g.next_of("hello"));
    ASSERT_TRUE(lead.next_of("hello"));

    pbx.send_raw(call_starts("13900000003", "1700000003.30"));
    auto call = g.next_of("incident.opened");
    ASSERT_TRUE(call);
    EXPECT_EQ(str(*call, {"incident", "category"}), "hotline_call");
    EXPECT_EQ(str(*call, {"event", "location", "unit"}), "1201");

    pbx.send_raw(call_abandoned("13900000003", "1700000003.30"));
    auto cb = g.next_of("incident.opened");
    ASSERT_TRUE(cb);
    EXPECT_EQ(str(*cb, {"incident", "category"}), "callback");
    EXPECT_EQ(str(*cb, {"event", "location", "building"}), "B1");
    EXPECT_NE(str(*cb, {"event", "text"}).find("41 s in queue 600"), std::string::npos);
    const auto id = str(*cb, {"incident", "id"});

    // Nobody called back: the team lead is told after the policy's 1 s.
    for (;;) {
        auto n = lead.next_of("notice");
        ASSERT_TRUE(n) << "the call-back incident did not escalate";
        if (str(*n, {"incident_id"}) == id) {
            EXPECT_EQ(str(*n, {"stage"}), "report");
            break;
        }
    }
}

TEST_F(AmiHotline, ADroppedConnectionIsLoggedInAgainAndCallsStillArrive) {
    start();
    ASSERT_TRUE(pbx.wait_logged_in(1, 30s));
    ws_client g(daemon->port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    pbx.drop();
    ASSERT_TRUE(pbx.wait_logged_in(2, 30s)) << "no second login after the drop";
    pbx.send_raw(call_starts("13800000002", "1700000004.40"));
    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "category"}), "hotline_call");
    EXPECT_EQ(str(*m, {"event", "location", "unit"}), "301");
    auto ready = http_call(daemon->port(), "GET", "/readyz");
    EXPECT_EQ(ready.json().at("sources").at("ami").at("state").as_string(), "up");
}

// The daemon as a process, to read what it logs.
TEST(AmiHotlineLogin, AWrongSecretIsLoggedAndShownInReadyzWhileTheRestWorks) {
    temp_dir dir;
    redis_server redis;
    fake_asterisk pbx{fake_asterisk::options{}};
    daemon_process d(hotline_yaml(redis.url(), pbx.port(), "not-the-secret",
                                  residents_file(dir, residents), quiet_policies));
    d.start();
    // Waits (bounded) until /readyz tells the refusal: before that it says "not connected yet".
    json::value ready;
    auto reason = [&ready] {
        const auto& ami = ready.at("sources").at("ami").as_object();
        return ami.contains("reason") ? std::string(ami.at("reason").as_string()) : std::string();
    };
    int status = 0;
    for (int i = 0; i < 600; ++i) {
        auto r = http_call(d.port(), "GET", "/readyz");
        status = r.status;
        ready = r.json();
        if (status == 200 && reason().starts_with("login refused")) {
            break;
        }
        std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(status, 200) << "Redis is up: the daemon takes alarms while the AMI source is down";
    EXPECT_GE(pbx.failed_logins(), 1);
    EXPECT_EQ(ready.at("status").as_string(), "degraded");
    EXPECT_EQ(ready.at("sources").at("ami").at("state").as_string(), "down");
    EXPECT_NE(std::string(ready.at("sources").at("ami").at("reason").as_string())
                  .find("login refused: Authentication failed"),
              std::string::npos)
        << json::serialize(ready);
    EXPECT_GE(d.log_count("event=ami_login_refused"), 1u) << d.log();
    EXPECT_GE(d.log_count("ingest.ami.secret"), 1u) << "the log says what to check";
    // Alarms from everything else still come in.
    auto r = http_call(d.port(), "POST", "/v1/events",
                       R"({"device":"panel-b3","zone":"003","category":"fire"})", "tok-gw");
    EXPECT_EQ(r.status, 202) << r.body;
}

}  // namespace
}  // namespace alarmd::test
