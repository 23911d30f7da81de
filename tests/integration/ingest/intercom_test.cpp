// Intercom door stations over POST /v1/events (source intercom): the emergency button reaches
// the guards with the station's building and unit, a door held open and closed soon after
// resolves itself by policy, bad bodies get a 400 naming the field, and a station whose
// heartbeats stop gets a comm_fault incident that its next heartbeat restores. Real Redis, real
// HTTP and WebSocket; no assertion on how fast anything is.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include <boost/json.hpp>

#include "tests/integration/ingest/inprocess_daemon.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// Stages go to nobody for an hour; door incidents resolve themselves when closed in `within`.
std::string door_policies(const std::string& within = "") {
    return "policies:\n"
           "  default: { stages: [ { name: alert, at: 1h, to: [team_lead], via: [ws] } ] }\n"
           "  door: { auto_resolve_on_restore: true" +
           (within.empty() ? std::string() : ", auto_resolve_within: " + within) + " }\n";
}

std::string intercom(const std::string& event, const std::string& extra = "") {
    return R"({"source":"intercom","device":"door-b3","event":")" + event + "\"" + extra + "}";
}

const json::value* at(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* cur = &v;
    for (const char* key : path) {
        if (!cur->is_object() || !cur->as_object().contains(key)) {
            return nullptr;
        }
        cur = &cur->as_object().at(key);
    }
    return cur;
}

std::string str(const json::value& v, std::initializer_list<const char*> path) {
    const auto* x = at(v, path);
    return x != nullptr && x->is_string() ? std::string(x->as_string()) : std::string("<none>");
}

class Intercom : public ::testing::Test {
protected:
    redis_server redis;

    static http_reply post(int port, const std::string& body,
                           const std::string& token = "tok-door-gw") {
        return http_call(port, "POST", "/v1/events", body, token);
    }
    [[nodiscard]] std::string stored_state(const std::string& id) {
        return redis_query(redis.port(), {"HGET", "t:incident:" + id, "state"}).str;
    }
};

TEST_F(Intercom, EmergencyButtonReachesTheGuardsWithTheStationsUnit) {
    daemon_harness daemon(test_config_yaml(redis.url(), {}, door_policies()));
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    const auto r = post(daemon.port(), intercom("emergency_button", R"(,"text":"住户求助")"));
    ASSERT_EQ(r.status, 202) << r.body;
    EXPECT_EQ(str(r.json(), {"verdict"}), "opened");

    const auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "id"}), str(r.json(), {"incident_id"}));
    EXPECT_EQ(str(*m, {"incident", "category"}), "intercom_emergency");
    EXPECT_EQ(str(*m, {"incident", "building"}), "B3");
    EXPECT_EQ(str(*m, {"incident", "unit"}), "301");
    EXPECT_EQ(str(*m, {"event", "location", "building"}), "B3");
    EXPECT_EQ(str(*m, {"event", "location", "unit"}), "301");
    EXPECT_EQ(str(*m, {"event", "source"}), "intercom");
    EXPECT_EQ(str(*m, {"event", "device"}), "door-b3");
    EXPECT_EQ(str(*m, {"event", "zone"}), "sos");
    EXPECT_EQ(str(*m, {"event", "code"}), "emergency_button");
    EXPECT_EQ(str(*m, {"event", "text"}), "住户求助");
    EXPECT_EQ(stored_state(str(r.json(), {"incident_id"})), "open");
}

TEST_F(Intercom, DoorHeldOpenThenClosedResolvesItself) {
    daemon_harness daemon(test_config_yaml(redis.url(), {}, door_policies()));
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    const auto opened = post(daemon.port(), intercom("door_held_open", R"(,"door":"east")"));
    ASSERT_EQ(opened.status, 202) << opened.body;
    const auto id = str(opened.json(), {"incident_id"});
    const auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "category"}), "door");
    EXPECT_EQ(str(*m, {"event", "zone"}), "east");

    const auto closed = post(daemon.port(), intercom("door_closed", R"(,"door":"east")"));
    ASSERT_EQ(closed.status, 202) << closed.body;
    EXPECT_EQ(str(closed.json(), {"verdict"}), "restored");
    EXPECT_EQ(str(closed.json(), {"incident_id"}), id);
    EXPECT_NE(str(closed.json(), {"reason"}).find("resolved automatically by policy door"),
              std::string::npos)
        << closed.body;

    // The restore, then the resolve: the same message a person's resolve sends.
    const auto restored = g.next_of("incident.updated");
    ASSERT_TRUE(restored);
    EXPECT_EQ(str(*restored, {"change"}), "restored");
    const auto resolved = g.next_of("incident.updated");
    ASSERT_TRUE(resolved);
    EXPECT_EQ(str(*resolved, {"incident_id"}), id);
    EXPECT_EQ(str(*resolved, {"change"}), "resolved");
    EXPECT_EQ(str(*resolved, {"by"}), "system");
    EXPECT_EQ(str(*resolved, {"fields", "state"}), "resolved");
    EXPECT_EQ(str(*resolved, {"fields", "outcome"}), "real");
    EXPECT_EQ(str(*resolved, {"fields", "resolved", "by"}), "system");
    EXPECT_EQ(str(*resolved, {"fields", "note"}).rfind("door closed after ", 0), 0u)
        << str(*resolved, {"fields", "note"});

    // Answered once written: Redis has it resolved and out of the open index.
    EXPECT_EQ(stored_state(id), "resolved");
    EXPECT_TRUE(redis_query(redis.port(), {"ZSCORE", "t:incidents:open", id}).nil);
    const auto got = http_call(daemon.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(str(got.json(), {"incident", "state"}), "resolved");
    EXPECT_EQ(str(got.json(), {"incident", "outcome"}), "real");
    const auto open = http_call(daemon.port(), "GET", "/v1/incidents?state=open", {}, "tok-g01");
    ASSERT_EQ(open.status, 200);
    EXPECT_TRUE(open.json().as_object().at("incidents").as_array().empty()) << open.body;

    // The report's timeline has the resolve with who and why, as for a person.
    const auto report =
        http_call(daemon.port(), "GET", "/v1/incidents/" + id + "/report", {}, "tok-g01");
    ASSERT_EQ(report.status, 200) << report.body;
    const auto report_json = report.json();
    const auto& timeline = report_json.as_object().at("timeline").as_array();
    ASSERT_FALSE(timeline.empty());
    const auto& last = timeline.back();
    EXPECT_EQ(str(last, {"what"}), "resolved");
    EXPECT_EQ(str(last, {"who"}), "system");
    EXPECT_NE(str(last, {"detail"}).find("resolved automatically by policy door"),
              std::string::npos);
}

TEST_F(Intercom, DoorClosedAfterTheWindowStaysOpen) {
    daemon_harness daemon(test_config_yaml(redis.url(), {}, door_policies("1s")));
    const auto opened = post(daemon.port(), intercom("door_held_open"));
    ASSERT_EQ(opened.status, 202) << opened.body;
    const auto id = str(opened.json(), {"incident_id"});
    std::this_thread::sleep_for(1500ms);  // past the 1 s window however slow the machine is
    const auto closed = post(daemon.port(), intercom("door_closed"));
    ASSERT_EQ(closed.status, 202) << closed.body;
    EXPECT_EQ(str(closed.json(), {"verdict"}), "restored");
    EXPECT_EQ(str(closed.json(), {"reason"}), "<none>");
    EXPECT_EQ(stored_state(id), "open");
    const auto got = http_call(daemon.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
    EXPECT_EQ(str(got.json(), {"incident", "state"}), "open");
}

TEST_F(Intercom, AForcedDoorNeedsAPerson) {
    daemon_harness daemon(test_config_yaml(redis.url(), {}, door_policies()));
    const auto forced = post(daemon.port(), intercom("door_forced"));
    ASSERT_EQ(forced.status, 202) << forced.body;
    const auto id = str(forced.json(), {"incident_id"});
    ASSERT_EQ(post(daemon.port(), intercom("door_held_open")).status, 202);
    const auto closed = post(daemon.port(), intercom("door_closed"));
    ASSERT_EQ(closed.status, 202) << closed.body;
    EXPECT_EQ(str(closed.json(), {"incident_id"}), id);  // one door incident
    EXPECT_EQ(str(closed.json(), {"reason"}), "<none>");
    EXPECT_EQ(stored_state(id), "open");
}

TEST_F(Intercom, MalformedBodiesNameTheField) {
    daemon_harness daemon(test_config_yaml(redis.url(), {}, door_policies()));
    const int port = daemon.port();
    auto field_of = [&](const std::string& body, const std::string& token = "tok-door-gw") {
        const auto r = post(port, body, token);
        EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
        return r.status == 400 ? str(r.json(), {"field"}) : std::string("<" + r.body + ">");
    };
    EXPECT_EQ(field_of(intercom("smoke")), "event");
    const auto unknown = post(port, intercom("smoke"));
    EXPECT_NE(str(unknown.json(), {"error"}).find("emergency_button, door_forced"),
              std::string::npos)
        << unknown.body;
    EXPECT_EQ(field_of(R"({"source":"intercom","device":"door-b3"})"), "event");
    EXPECT_EQ(field_of(R"({"source":"intercom","event":"door_forced"})"), "device");
    EXPECT_EQ(field_of(R"({"source":"intercom","device":"nobody","event":"door_forced"})"),
              "device");
    EXPECT_EQ(field_of(R"({"source":"intercom","device":"nobody","event":"heartbeat"})"), "device");
    EXPECT_EQ(field_of(intercom("door_closed", R"(,"door":"东门")")), "door");
    EXPECT_EQ(field_of(intercom("tamper", R"(,"zone":"x")")), "zone");
    EXPECT_EQ(field_of(R"(["source","intercom"])"), "body");
    EXPECT_EQ(field_of(R"({"source":"intercom",)"), "body");
    EXPECT_EQ(field_of("\"intercom\""), "body");
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 0);  // nothing stored

    // The token of another gateway may not speak for this station, heartbeats included.
    const auto r = post(port, R"({"source":"intercom","device":"panel-b3","event":"heartbeat"})");
    EXPECT_EQ(r.status, 403) << r.body;
    // A person is not the station: their heartbeat is refused.
    const auto person = post(port, intercom("heartbeat"), "tok-g01");
    EXPECT_EQ(person.status, 403) << person.body;

    // The generic body still works for an intercom source that names a category.
    const auto generic =
        post(port, R"({"source":"intercom","device":"door-b3","category":"door","zone":"side"})");
    EXPECT_EQ(generic.status, 202) << generic.body;
}

TEST_F(Intercom, SilentStationOpensCommFaultAndItsNextHeartbeatRestoresIt) {
    inprocess_daemon daemon(test_config_yaml(redis.url(), {}, door_policies()),
                            [](config::config& c) {
                                for (auto& d : c.devices) {
                                    if (d.id == "door-b3") {
                                        d.supervision = 2s;  // below the config's 5 s minimum
                                    }
                                }
                            });
    const int port = daemon.http_port();
    auto heartbeat = [&] { return post(port, intercom("heartbeat")); };
    const auto first = heartbeat();
    ASSERT_EQ(first.status, 202) << first.body;
    EXPECT_EQ(str(first.json(), {"verdict"}), "heartbeat");
    EXPECT_TRUE(first.json().as_object().at("supervised").as_bool());
    EXPECT_TRUE(first.json().as_object().at("event_id").is_null());
    ws_client g(port, "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    // Heartbeats every 100 ms for longer than the 2 s interval keep it quiet.
    const auto quiet_until = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < quiet_until) {
        std::this_thread::sleep_for(100ms);
        ASSERT_EQ(heartbeat().status, 202);
    }
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 0);

    const auto opened = g.next_of("incident.opened", 30s);
    ASSERT_TRUE(opened) << "no comm_fault incident";
    EXPECT_EQ(str(*opened, {"incident", "category"}), "comm_fault");
    EXPECT_EQ(str(*opened, {"incident", "unit"}), "301");
    EXPECT_EQ(str(*opened, {"event", "device"}), "door-b3");
    EXPECT_EQ(str(*opened, {"event", "source"}), "intercom");
    EXPECT_EQ(str(*opened, {"event", "kind"}), "fault");
    EXPECT_EQ(str(*opened, {"event", "code"}), "supervision");

    ASSERT_EQ(heartbeat().status, 202);
    const auto restored = g.next_of("incident.updated", 30s);
    ASSERT_TRUE(restored);
    EXPECT_EQ(str(*restored, {"change"}), "restored");
    EXPECT_EQ(str(*restored, {"incident_id"}), str(*opened, {"incident", "id"}));
    EXPECT_EQ(str(*restored, {"event", "kind"}), "fault_restore");
}

TEST_F(Intercom, AnUnsupervisedStationsHeartbeatIsAcceptedAndSaysSo) {
    daemon_harness daemon(test_config_yaml(redis.url(), {}, door_policies()));
    const auto r = post(daemon.port(), intercom("heartbeat"));
    ASSERT_EQ(r.status, 202) << r.body;
    EXPECT_FALSE(r.json().as_object().at("supervised").as_bool());
}

}  // namespace
}  // namespace alarmd::test
