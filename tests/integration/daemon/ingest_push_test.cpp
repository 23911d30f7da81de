// An event POSTed over HTTP becomes a correlated incident in Redis and reaches every connected
// guard over WebSocket: the issue's first vertical slice, end to end over real sockets.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string event_body(const std::string& device, const std::string& zone,
                       const std::string& category, const std::string& code,
                       const std::string& kind = "alarm") {
    return json::serialize(json::object{
        {"device", device}, {"zone", zone}, {"category", category}, {"code", code}, {"kind", kind}});
}

std::string str(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* cur = &v;
    for (const char* key : path) {
        cur = &cur->as_object().at(key);
    }
    return std::string(cur->as_string());
}

std::int64_t num(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* cur = &v;
    for (const char* key : path) {
        cur = &cur->as_object().at(key);
    }
    return cur->to_number<std::int64_t>();
}

class IngestPush : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{test_config_yaml(redis.url())};

    http_reply post(const std::string& body, const std::string& token = "tok-gw") {
        return http_call(daemon.port(), "POST", "/v1/events", body, token);
    }
};

TEST_F(IngestPush, PostedEventReachesTwoGuardsAndIsStoredInRedis) {
    ws_client a(daemon.port(), "tok-g01");
    ws_client b(daemon.port(), "tok-g02", /*token_in_query=*/true);
    auto hello_a = a.next_of("hello");
    auto hello_b = b.next_of("hello");
    ASSERT_TRUE(hello_a && hello_b);
    EXPECT_EQ(str(*hello_a, {"you", "id"}), "g01");
    EXPECT_EQ(str(*hello_b, {"you", "role"}), "guard");
    EXPECT_TRUE(hello_a->as_object().at("incidents").as_array().empty());

    auto r = post(event_body("panel-b3", "003", "fire", "E110"));
    ASSERT_EQ(r.status, 202) << r.body;
    const auto event_id = str(r.json(), {"event_id"});
    const auto incident_id = str(r.json(), {"incident_id"});
    EXPECT_EQ(str(r.json(), {"verdict"}), "opened");

    for (auto* c : {&a, &b}) {
        auto m = c->next_of("incident.opened");
        ASSERT_TRUE(m);
        EXPECT_EQ(str(*m, {"incident", "id"}), incident_id);
        EXPECT_EQ(str(*m, {"incident", "building"}), "B3");
        EXPECT_EQ(str(*m, {"incident", "category"}), "fire");
        EXPECT_EQ(str(*m, {"event", "location", "label"}), "3F 电梯厅烟感");
        EXPECT_EQ(str(*m, {"event", "id"}), event_id);
        EXPECT_GT(num(*m, {"seq"}), num(*hello_a, {"seq"}));
    }

    // Durable before the 202: the event, the incident and its index are in Redis.
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 1);
    auto stored = redis_query(redis.port(), {"HGET", "t:incident:" + incident_id, "head"});
    ASSERT_FALSE(stored.nil);
    EXPECT_EQ(str(json::parse(stored.str), {"state"}), "open");
    EXPECT_FALSE(redis_query(redis.port(), {"ZSCORE", "t:incidents:open", incident_id}).nil);
    EXPECT_EQ(redis_query(redis.port(), {"LLEN", "t:incident:" + incident_id + ":events"}).integer,
              1);
}

TEST_F(IngestPush, DuplicateGivesOneUpdateWithCountTwoAndNoNewIncident) {
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    auto first = post(event_body("panel-b3", "003", "fire", "E110"));
    auto second = post(event_body("panel-b3", "003", "fire", "E110"));
    ASSERT_EQ(first.status, 202);
    ASSERT_EQ(second.status, 202);
    EXPECT_EQ(str(second.json(), {"verdict"}), "duplicate");
    EXPECT_EQ(str(second.json(), {"incident_id"}), str(first.json(), {"incident_id"}));

    auto opened = g.next();
    auto updated = g.next();
    ASSERT_TRUE(opened && updated);
    EXPECT_EQ(str(*opened, {"type"}), "incident.opened");
    EXPECT_EQ(str(*updated, {"type"}), "incident.updated");
    EXPECT_EQ(str(*updated, {"change"}), "duplicate");
    EXPECT_EQ(str(*updated, {"incident_id"}), str(first.json(), {"incident_id"}));
    EXPECT_EQ(num(*updated, {"fields", "event_count"}), 2);
    EXPECT_EQ(num(*updated, {"version"}), num(*opened, {"incident", "version"}) + 1);
    EXPECT_EQ(num(*updated, {"zone", "count"}), 2);
    EXPECT_FALSE(updated->as_object().contains("incident")) << "an update carries what changed";
    EXPECT_EQ(num(*updated, {"seq"}), num(*opened, {"seq"}) + 1);

    auto list = http_call(daemon.port(), "GET", "/v1/incidents?state=open", {}, "tok-g01");
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.json().as_object().at("incidents").as_array().size(), 1u);
}

TEST_F(IngestPush, ThreeDetectorsInOneBuildingAreOneIncident) {
    auto r1 = post(event_body("panel-b3", "003", "fire", "E110"));
    auto r2 = post(event_body("panel-b3", "004", "fire", "E115"));
    auto r3 = post(event_body("uitd-b3", "1/0x00020003", "fire", "fire_alarm"));
    ASSERT_EQ(r1.status, 202);
    EXPECT_EQ(str(r2.json(), {"verdict"}), "grouped");
    EXPECT_EQ(str(r3.json(), {"verdict"}), "grouped");
    EXPECT_EQ(str(r3.json(), {"incident_id"}), str(r1.json(), {"incident_id"}));

    const auto list =
        http_call(daemon.port(), "GET", "/v1/incidents?state=open", {}, "tok-g01").json();
    const auto& incidents = list.as_object().at("incidents").as_array();
    ASSERT_EQ(incidents.size(), 1u);
    EXPECT_EQ(incidents[0].as_object().at("zones").as_array().size(), 3u);

    auto events = http_call(daemon.port(), "GET",
                            "/v1/incidents/" + str(r1.json(), {"incident_id"}) + "/events",
                            {}, "tok-g01");
    ASSERT_EQ(events.status, 200);
    const auto events_json = events.json();
    const auto& evs = events_json.as_object().at("events").as_array();
    ASSERT_EQ(evs.size(), 3u);
    EXPECT_FALSE(evs[0].as_object().at("raw").as_string().empty());
    auto after = http_call(daemon.port(), "GET",
                           "/v1/incidents/" + str(r1.json(), {"incident_id"}) +
                               "/events?after=" + str(r1.json(), {"event_id"}) + "&limit=1",
                           {}, "tok-g01");
    const auto after_json = after.json();
    const auto& page = after_json.as_object().at("events").as_array();
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(str(page[0], {"id"}), str(r2.json(), {"event_id"}));
}

TEST_F(IngestPush, AlarmFromABypassedZoneIsRecordedButNotPushed) {
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    // A manager bypasses the zone; guards see the change.
    ASSERT_EQ(http_call(daemon.port(), "POST", "/v1/events",
                        event_body("perimeter-b2", "1", "perimeter", "UB", "bypass"), "tok-mgr1")
                  .status,
              202);
    auto changed = g.next();
    ASSERT_TRUE(changed);
    EXPECT_EQ(str(*changed, {"type"}), "zone.changed");
    EXPECT_EQ(str(*changed, {"zone", "key"}), "perimeter-b2/1");
    EXPECT_EQ(str(*changed, {"zone", "by"}), "mgr1");
    auto suppressed = post(event_body("perimeter-b2", "1", "perimeter", "E130"));
    ASSERT_EQ(suppressed.status, 202);
    EXPECT_EQ(str(suppressed.json(), {"verdict"}), "suppressed");
    EXPECT_EQ(str(suppressed.json(), {"reason"}), "zone_bypassed");
    EXPECT_TRUE(suppressed.json().as_object().at("incident_id").is_null());

    // The next push the guard sees is for zone 2: nothing was pushed for zone 1 (a perimeter
    // zone: bypassing it is what it is for).
    auto live = post(event_body("perimeter-b2", "2", "perimeter", "E130"));
    ASSERT_EQ(str(live.json(), {"verdict"}), "opened");
    auto m = g.next();
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"type"}), "incident.opened");
    EXPECT_EQ(str(*m, {"event", "zone"}), "2");

    // All three were recorded, and the bypass is in the zone state.
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 3);
    auto zone = redis_query(redis.port(), {"HGET", "t:zones", "perimeter-b2/1"});
    ASSERT_FALSE(zone.nil);
    EXPECT_EQ(str(json::parse(zone.str), {"mode"}), "bypassed");
}

TEST_F(IngestPush, ResumeAfterADisconnectReplaysExactlyTheMissedMessages) {
    std::int64_t last_seen = 0;
    {
        ws_client g(daemon.port(), "tok-g01");
        ASSERT_TRUE(g.next_of("hello"));
        ASSERT_EQ(post(event_body("panel-b3", "003", "fire", "E110")).status, 202);
        auto m = g.next_of("incident.opened");
        ASSERT_TRUE(m);
        last_seen = num(*m, {"seq"});
    }
    // Missed while away: an update, and two incidents in other buildings.
    ASSERT_EQ(post(event_body("panel-b3", "003", "fire", "E110")).status, 202);
    ASSERT_EQ(post(event_body("perimeter-b2", "1", "perimeter", "E130")).status, 202);
    ASSERT_EQ(post(event_body("door-b3", "", "door", "held_open")).status, 202);

    ws_client back(daemon.port(), "tok-g01");
    auto hello = back.next_of("hello");
    ASSERT_TRUE(hello);
    EXPECT_EQ(num(*hello, {"seq"}), last_seen + 3);
    back.send(json::object{{"type", "resume"}, {"after_seq", last_seen}, {"ref", "r1"}});
    std::vector<std::int64_t> replayed;
    for (;;) {
        auto m = back.next();
        ASSERT_TRUE(m);
        if (str(*m, {"type"}) == "ok") {
            EXPECT_EQ(str(*m, {"ref"}), "r1");
            EXPECT_EQ(num(*m, {"replayed"}), 3);
            break;
        }
        replayed.push_back(num(*m, {"seq"}));
    }
    EXPECT_EQ(replayed, (std::vector<std::int64_t>{last_seen + 1, last_seen + 2, last_seen + 3}));
}

TEST_F(IngestPush, GuardsAcknowledgeArriveAndResolveOverWebSocket) {
    ws_client actor(daemon.port(), "tok-g01");
    ws_client watcher(daemon.port(), "tok-g02");
    ASSERT_TRUE(actor.next_of("hello") && watcher.next_of("hello"));
    auto r = post(event_body("panel-b3", "003", "fire", "E110"));
    const auto id = str(r.json(), {"incident_id"});
    ASSERT_TRUE(actor.next_of("incident.opened") && watcher.next_of("incident.opened"));

    actor.send(json::object{{"type", "ack"}, {"incident", id}, {"ref", 1}});
    auto ok = actor.next_of("ok");
    ASSERT_TRUE(ok);
    EXPECT_EQ(num(*ok, {"ref"}), 1);
    EXPECT_EQ(str(*ok, {"incident", "state"}), "acknowledged");
    auto seen = watcher.next_of("incident.updated");
    ASSERT_TRUE(seen);
    EXPECT_EQ(str(*seen, {"change"}), "acknowledged");
    EXPECT_EQ(str(*seen, {"by"}), "g01");

    actor.send(json::object{{"type", "arrive"}, {"incident", id}, {"ref", 2}});
    ASSERT_TRUE(actor.next_of("ok"));
    actor.send(json::object{{"type", "resolve"}, {"incident", id}, {"ref", 3}});
    auto refused = actor.next_of("error");
    ASSERT_TRUE(refused);
    EXPECT_EQ(num(*refused, {"ref"}), 3);
    EXPECT_NE(str(*refused, {"error"}).find("outcome"), std::string::npos);

    actor.send(json::object{{"type", "resolve"}, {"incident", id}, {"outcome", "false_alarm"},
                            {"note", "dust in the detector"}, {"ref", 4}});
    auto resolved = actor.next_of("ok");
    ASSERT_TRUE(resolved);
    EXPECT_EQ(str(*resolved, {"incident", "state"}), "resolved");
    EXPECT_EQ(str(*resolved, {"incident", "outcome"}), "false_alarm");

    auto open = http_call(daemon.port(), "GET", "/v1/incidents?state=open", {}, "tok-g01");
    EXPECT_TRUE(open.json().as_object().at("incidents").as_array().empty());
    auto shown = http_call(daemon.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
    ASSERT_EQ(shown.status, 200);
    EXPECT_EQ(str(shown.json(), {"incident", "state"}), "resolved");
    EXPECT_EQ(redis_query(redis.port(), {"LLEN", "t:incident:" + id + ":timeline"}).integer, 4);
    EXPECT_TRUE(redis_query(redis.port(), {"ZSCORE", "t:incidents:open", id}).nil);

    // A new alarm in the same zone after resolution is a new incident.
    auto again = post(event_body("panel-b3", "003", "fire", "E110"));
    EXPECT_EQ(str(again.json(), {"verdict"}), "opened");
    EXPECT_NE(str(again.json(), {"incident_id"}), id);
}

TEST_F(IngestPush, LifecycleOverHttpNeedsAPersonToken) {
    auto r = post(event_body("panel-b3", "003", "fire", "E110"));
    const auto id = str(r.json(), {"incident_id"});
    EXPECT_EQ(http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/ack", {}, "tok-gw").status,
              401);
    auto ack = http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/ack", {}, "tok-lead1");
    ASSERT_EQ(ack.status, 200) << ack.body;
    EXPECT_EQ(str(ack.json(), {"incident", "acknowledged", "by"}), "lead1");
    EXPECT_EQ(http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/ack", {}, "tok-g01").status,
              409);
    EXPECT_EQ(
        http_call(daemon.port(), "POST", "/v1/incidents/nope/ack", {}, "tok-g01").status, 404);
    auto bad = http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/resolve",
                         R"({"outcome":"maybe"})", "tok-g01");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(str(bad.json(), {"field"}), "outcome");
}

TEST_F(IngestPush, GuardReportOpensAManualIncident) {
    ws_client g(daemon.port(), "tok-g03");
    ASSERT_TRUE(g.next_of("hello"));
    g.send(json::object{{"type", "report"},
                        {"category", "water_leak"},
                        {"location", json::object{{"building", "B1"}, {"floor", 2}}},
                        {"text", "2F 水管漏水"},
                        {"ref", "rep"}});
    auto opened = g.next_of("incident.opened");
    ASSERT_TRUE(opened);
    EXPECT_EQ(str(*opened, {"incident", "category"}), "water_leak");
    EXPECT_EQ(str(*opened, {"event", "source"}), "operator");
    EXPECT_EQ(str(*opened, {"event", "zone"}), "g03");
    auto ok = g.next_of("ok");
    ASSERT_TRUE(ok);
    EXPECT_EQ(str(*ok, {"incident_id"}), str(*opened, {"incident", "id"}));
}

TEST_F(IngestPush, IncidentsSurviveARestartOfTheDaemon) {
    auto r = post(event_body("panel-b3", "003", "fire", "E110"));
    const auto id = str(r.json(), {"incident_id"});
    daemon.stop();

    daemon_harness restarted(test_config_yaml(redis.url()));
    ws_client g(restarted.port(), "tok-g01");
    auto hello = g.next_of("hello");
    ASSERT_TRUE(hello);
    const auto& open = hello->as_object().at("incidents").as_array();
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(str(open[0], {"id"}), id);
    // Correlation carries on: the same detector again folds into the stored incident.
    auto dup = http_call(restarted.port(), "POST", "/v1/events",
                         event_body("panel-b3", "003", "fire", "E110"), "tok-gw");
    EXPECT_EQ(str(dup.json(), {"verdict"}), "duplicate");
    EXPECT_EQ(str(dup.json(), {"incident_id"}), id);
    auto m = g.next_of("incident.updated");
    ASSERT_TRUE(m);
    EXPECT_GT(num(*m, {"seq"}), num(*hello, {"seq"}));
}

}  // namespace
}  // namespace alarmd::test
