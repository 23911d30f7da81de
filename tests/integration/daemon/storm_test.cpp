// A storm: alarms from many zones of one building fold into one incident. What goes out per event
// stays small however large the incident grows: `incident.updated` carries the event, the change,
// the changed fields and the zone, with the incident's version; the incident carries its first
// zones inline with the total, and the rest are paged from the API. In Redis the incident is a
// head and a field per zone, and its own event list is capped.
#include <gtest/gtest.h>

#include <set>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;

constexpr int zones = 120;  // more than the 50 an incident carries inline

std::string zone_id(int z) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%03d", z);
    return buf;
}

std::string alarm(int z) {
    return R"({"device":"panel-b3","category":"fire","code":"E110","zone":")" + zone_id(z) + "\"}";
}

class Storm : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{test_config_yaml(redis.url())};

    std::string open_storm(ws_client& g) {
        http_connection conn(daemon.port());
        std::string id;
        for (int z = 1; z <= zones; ++z) {
            auto r = conn.call("POST", "/v1/events", alarm(z), "tok-gw");
            EXPECT_EQ(r.status, 202) << r.body;
            id = std::string(r.json().as_object().at("incident_id").as_string());
        }
        (void)g;
        return id;
    }
};

TEST_F(Storm, UpdatesCarryOnlyWhatChangedWithTheVersion) {
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    const auto id = open_storm(g);

    auto opened = g.next_of("incident.opened");
    ASSERT_TRUE(opened);
    auto version = opened->as_object().at("incident").as_object().at("version").to_number<std::uint64_t>();
    EXPECT_EQ(version, 1u);
    std::set<std::string> seen_zones{"001"};
    for (int z = 2; z <= zones; ++z) {
        auto m = g.next_of("incident.updated");
        ASSERT_TRUE(m) << z;
        const auto& o = m->as_object();
        EXPECT_FALSE(o.contains("incident")) << "no whole incident in an update";
        EXPECT_EQ(o.at("incident_id").as_string(), id);
        EXPECT_EQ(o.at("change").as_string(), "grouped");
        EXPECT_EQ(o.at("version").to_number<std::uint64_t>(), ++version) << "versions without a gap";
        EXPECT_EQ(o.at("fields").at("event_count").as_int64(), z);
        EXPECT_EQ(o.at("fields").at("zone_count").as_int64(), z);
        EXPECT_EQ(o.at("zone").at("zone").as_string(), zone_id(z));
        EXPECT_EQ(o.at("event").at("zone").as_string(), zone_id(z));
        seen_zones.insert(std::string(o.at("zone").at("zone").as_string()));
        EXPECT_LT(json::serialize(*m).size(), 4096u) << "an update stays small";
    }
    EXPECT_EQ(seen_zones.size(), static_cast<std::size_t>(zones));

    // A repeat of a known zone: the count of that zone, nothing else grows.
    ASSERT_EQ(http_call(daemon.port(), "POST", "/v1/events", alarm(7), "tok-gw").status, 202);
    auto dup = g.next_of("incident.updated");
    ASSERT_TRUE(dup);
    EXPECT_EQ(dup->as_object().at("change").as_string(), "duplicate");
    EXPECT_EQ(dup->as_object().at("zone").at("count").as_int64(), 2);
    EXPECT_EQ(dup->as_object().at("fields").at("zone_count").as_int64(), zones);
}

TEST_F(Storm, TheIncidentCarriesItsFirstZonesAndTheRestArePaged) {
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    const auto id = open_storm(g);

    auto shown = http_call(daemon.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01").json();
    const auto& inc = shown.as_object().at("incident").as_object();
    EXPECT_EQ(inc.at("zone_count").as_int64(), zones);
    EXPECT_EQ(inc.at("zones").as_array().size(), 50u);
    EXPECT_EQ(inc.at("event_count").as_int64(), zones);

    // Every zone once, in key order, a page of 40 at a time.
    std::vector<std::string> paged;
    std::string after;
    for (int page = 0; page < 10; ++page) {
        auto r = http_call(daemon.port(), "GET",
                           "/v1/incidents/" + id + "/zones?limit=40" +
                               (after.empty() ? "" : "&after=" + after),
                           {}, "tok-g01");
        ASSERT_EQ(r.status, 200) << r.body;
        const auto body = r.json().as_object();
        for (const auto& z : body.at("zones").as_array()) {
            paged.emplace_back(z.as_object().at("zone").as_string());
        }
        if (body.at("next_after").is_null()) {
            break;
        }
        after = std::string(body.at("next_after").as_string());
    }
    ASSERT_EQ(paged.size(), static_cast<std::size_t>(zones));
    for (int z = 1; z <= zones; ++z) {
        EXPECT_EQ(paged[static_cast<std::size_t>(z - 1)], zone_id(z));
    }
}

TEST_F(Storm, RedisHoldsAHeadAndTheZonesAndTheZonesSurviveARestart) {
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    const auto id = open_storm(g);

    const auto head = redis_query(redis.port(), {"HGET", "t:incident:" + id, "head"});
    ASSERT_FALSE(head.nil);
    const auto head_json = json::parse(head.str).as_object();
    EXPECT_FALSE(head_json.contains("zones")) << "the head does not carry the zones";
    EXPECT_EQ(head_json.at("zone_count").as_int64(), zones);
    std::size_t zone_fields = 0;
    for (const auto& f : redis_query(redis.port(), {"HKEYS", "t:incident:" + id}).elements) {
        zone_fields += f.starts_with("z:panel-b3/") ? 1 : 0;
    }
    EXPECT_EQ(zone_fields, static_cast<std::size_t>(zones));
    EXPECT_TRUE(redis_query(redis.port(), {"HGET", "t:incident:" + id, "json"}).nil);

    daemon.stop();
    daemon_harness restarted(test_config_yaml(redis.url()));
    auto r = http_call(restarted.port(), "GET", "/v1/incidents/" + id + "/zones?limit=1000", {},
                       "tok-g01");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json().as_object().at("zones").as_array().size(),
              static_cast<std::size_t>(zones));
    // And it goes on: the next zone folds in with the next version.
    auto shown = http_call(restarted.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01").json();
    const auto version = shown.as_object().at("incident").at("version").to_number<std::uint64_t>();
    ws_client back(restarted.port(), "tok-g01");
    ASSERT_TRUE(back.next_of("hello"));
    ASSERT_EQ(http_call(restarted.port(), "POST", "/v1/events", alarm(zones + 1), "tok-gw").status,
              202);
    auto m = back.next_of("incident.updated");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->as_object().at("incident_id").as_string(), id);
    EXPECT_EQ(m->as_object().at("version").to_number<std::uint64_t>(), version + 1);
    EXPECT_EQ(m->as_object().at("fields").at("zone_count").as_int64(), zones + 1);
}

TEST_F(Storm, AnIncidentKeepsItsNewestEventsOnly) {
    http_connection conn(daemon.port());
    std::string id;
    for (int i = 0; i < 1100; ++i) {
        auto r = conn.call("POST", "/v1/events", alarm(1 + i % 3), "tok-gw");
        ASSERT_EQ(r.status, 202);
        id = std::string(r.json().as_object().at("incident_id").as_string());
    }
    // Trimmed to 1,000 every 64 events.
    const auto kept = redis_query(redis.port(), {"LLEN", "t:incident:" + id + ":events"}).integer;
    EXPECT_GE(kept, 1000);
    EXPECT_LT(kept, 1064);
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 1100)
        << "the events stream keeps them all";
    // Repeats of known zones add no timeline lines: opened + two zones grouped.
    EXPECT_EQ(redis_query(redis.port(), {"LLEN", "t:incident:" + id + ":timeline"}).integer, 3);
}

// A zone that flaps for days folds into one open incident: its alarms and restores count in its
// zone, the timeline keeps the first restore only, and the report and event list come in pages.
TEST_F(Storm, AFlappingZoneCountsInItsZoneAndTheTimelineStaysBounded) {
    http_connection conn(daemon.port());
    auto post = [&conn](const std::string& body) {
        auto r = conn.call("POST", "/v1/events", body, "tok-gw");
        EXPECT_EQ(r.status, 202) << r.body;
        return std::string(r.json().as_object().at("incident_id").as_string());
    };
    const auto restore =
        R"({"device":"panel-b3","category":"fire","code":"R110","zone":"001","kind":"restore"})";
    const auto id = post(alarm(1));
    constexpr int cycles = 300;
    for (int i = 0; i < cycles; ++i) {
        EXPECT_EQ(post(restore), id);
        EXPECT_EQ(post(alarm(1)), id);
    }
    EXPECT_EQ(redis_query(redis.port(), {"LLEN", "t:incident:" + id + ":timeline"}).integer, 2)
        << "opened and the first restore; the rest count in the zone";
    const auto zone = json::parse(
        redis_query(redis.port(), {"HGET", "t:incident:" + id, "z:panel-b3/001"}).str);
    EXPECT_EQ(zone.at("restores").as_int64(), cycles);
    EXPECT_EQ(zone.at("count").as_int64(), cycles + 1);
    EXPECT_FALSE(zone.at("restored").as_bool()) << "alarming again after the last restore";

    // The report's timeline in pages of one line.
    auto page = http_call(daemon.port(), "GET", "/v1/incidents/" + id + "/report?limit=1", {},
                          "tok-g01");
    ASSERT_EQ(page.status, 200) << page.body;
    auto r = page.json().as_object();
    ASSERT_EQ(r.at("timeline").as_array().size(), 1u);
    EXPECT_EQ(r.at("timeline").at(0).at("what").as_string(), "opened");
    EXPECT_EQ(r.at("timeline_total").to_number<int>(), 2);
    ASSERT_EQ(r.at("timeline_next").to_number<int>(), 1);
    page = http_call(daemon.port(), "GET", "/v1/incidents/" + id + "/report?from=1&limit=1", {},
                     "tok-g01");
    ASSERT_EQ(page.status, 200) << page.body;
    r = page.json().as_object();
    EXPECT_EQ(r.at("timeline").at(0).at("what").as_string(), "restored");
    EXPECT_TRUE(r.at("timeline_next").is_null());
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents/" + id + "/report?from=x", {},
                        "tok-g01")
                  .status,
              400);

    // The event list in pages: every page starts after the last event of the one before.
    std::set<std::string> seen;
    std::string after;
    int pages = 0;
    for (; pages < 100; ++pages) {
        auto ev = http_call(daemon.port(), "GET",
                            "/v1/incidents/" + id + "/events?limit=100" +
                                (after.empty() ? "" : "&after=" + after),
                            {}, "tok-g01");
        ASSERT_EQ(ev.status, 200) << ev.body;
        const auto body = ev.json().as_object();
        for (const auto& e : body.at("events").as_array()) {
            EXPECT_TRUE(seen.insert(std::string(e.at("id").as_string())).second);
        }
        if (body.at("next_after").is_null()) {
            break;
        }
        after = std::string(body.at("next_after").as_string());
    }
    EXPECT_EQ(seen.size(), static_cast<std::size_t>(2 * cycles + 1));
    EXPECT_EQ(pages, 6);
}

// hello carries counts and the most urgent incidents; the rest are paged from the API with a
// cursor, most severe first, then oldest.
class Queue : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{test_config_yaml(
        redis.url(),
        "correlation: { dedupe_window: 0s, group_window: 0s }\n"
        "websocket: { hello_incidents: 3 }\n")};

    std::string post(const std::string& category, const std::string& zone) {
        auto r = http_call(daemon.port(), "POST", "/v1/events",
                           R"({"device":"panel-b3","category":")" + category + R"(","zone":")" +
                               zone + "\"}",
                           "tok-gw");
        EXPECT_EQ(r.status, 202) << r.body;
        return std::string(r.json().as_object().at("incident_id").as_string());
    }
};

TEST_F(Queue, HelloCarriesCountsAndTheMostUrgentAndTheApiPagesTheRest) {
    // Severity: fire 1, intrusion 2, door 3 (the categories' defaults).
    const auto door1 = post("door", "003");
    const auto fire1 = post("fire", "003");
    const auto intrusion1 = post("intrusion", "004");
    const auto door2 = post("door", "005");
    const auto fire2 = post("fire", "004");
    ASSERT_EQ(http_call(daemon.port(), "POST", "/v1/incidents/" + door2 + "/ack", {}, "tok-g01")
                  .status,
              200);
    const std::vector<std::string> expected{fire1, fire2, intrusion1, door1, door2};

    ws_client g(daemon.port(), "tok-g01");
    auto hello = g.next_of("hello");
    ASSERT_TRUE(hello);
    const auto& h = hello->as_object();
    EXPECT_EQ(h.at("incidents_total").as_int64(), 5);
    EXPECT_EQ(h.at("counts").at("open").as_int64(), 4);
    EXPECT_EQ(h.at("counts").at("acknowledged").as_int64(), 1);
    EXPECT_EQ(h.at("counts").at("on_site").as_int64(), 0);
    std::vector<std::string> in_hello;
    for (const auto& i : h.at("incidents").as_array()) {
        in_hello.emplace_back(i.as_object().at("id").as_string());
    }
    EXPECT_EQ(in_hello, std::vector<std::string>(expected.begin(), expected.begin() + 3));

    std::vector<std::string> paged;
    std::string cursor;
    for (int page = 0; page < 5; ++page) {
        auto r = http_call(daemon.port(), "GET",
                           "/v1/incidents?state=open&limit=2" +
                               (cursor.empty() ? "" : "&cursor=" + cursor),
                           {}, "tok-g01");
        ASSERT_EQ(r.status, 200) << r.body;
        const auto body = r.json().as_object();
        for (const auto& i : body.at("incidents").as_array()) {
            paged.emplace_back(i.as_object().at("id").as_string());
        }
        if (body.at("next_cursor").is_null()) {
            break;
        }
        cursor = std::string(body.at("next_cursor").as_string());
    }
    EXPECT_EQ(paged, expected);

    auto acked = http_call(daemon.port(), "GET", "/v1/incidents?state=acknowledged", {}, "tok-g01");
    ASSERT_EQ(acked.json().as_object().at("incidents").as_array().size(), 1u);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents?state=open&cursor=garbage", {},
                        "tok-g01")
                  .status,
              400);
}

}  // namespace
}  // namespace alarmd::test
