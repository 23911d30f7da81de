// Redis stops: /readyz fails, alarms still reach guards (answered 503 + Retry-After, since they
// are not durable), and when Redis returns everything recovers without a restart and what was
// held in memory is written.
#include <gtest/gtest.h>

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

TEST(RedisOutage, AlarmsReachGuardsAndReadinessRecoversWithoutRestart) {
    redis_server redis;
    daemon_harness daemon(test_config_yaml(redis.url()));
    ASSERT_EQ(http_call(daemon.port(), "GET", "/readyz").status, 200);
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    redis.stop();
    ASSERT_TRUE(ready_becomes(daemon.port(), 503));
    EXPECT_EQ(http_call(daemon.port(), "GET", "/healthz").status, 200);

    const std::string body = R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})";
    auto r = http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw");
    ASSERT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.headers["retry-after"], "5");
    const auto incident_id = std::string(r.json().as_object().at("incident_id").as_string());
    auto pushed = g.next_of("incident.opened");
    ASSERT_TRUE(pushed);
    EXPECT_EQ(pushed->as_object().at("incident").as_object().at("id").as_string(), incident_id);

    redis.start();
    ASSERT_TRUE(ready_becomes(daemon.port(), 200));

    // The sender's retry is folded into the same incident, and is durable now.
    auto retry = http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw");
    ASSERT_EQ(retry.status, 202) << retry.body;
    EXPECT_EQ(retry.json().as_object().at("verdict").as_string(), "duplicate");
    EXPECT_EQ(retry.json().as_object().at("incident_id").as_string(), incident_id);

    // What was held in memory reached Redis: both events and the incident.
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 2);
    auto stored = redis_query(redis.port(), {"HGET", "t:incident:" + incident_id, "head"});
    ASSERT_FALSE(stored.nil);
    EXPECT_EQ(json::parse(stored.str).as_object().at("event_count").as_int64(), 2);
}

std::int64_t seq_of(const json::value& m) {
    return m.as_object().at("seq").to_number<std::int64_t>();
}

// While Redis is down a console's resume is served from the daemon's memory: every message it
// missed, in order, then `ok` with complete: true.
TEST(RedisOutage, ResumeWhileRedisIsDownReplaysFromMemory) {
    redis_server redis;
    daemon_harness daemon(test_config_yaml(redis.url()));
    const std::string body = R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})";
    std::int64_t last_seen = 0;
    {
        ws_client g(daemon.port(), "tok-g01");
        auto hello = g.next_of("hello");
        ASSERT_TRUE(hello);
        last_seen = seq_of(*hello);
    }
    ASSERT_EQ(http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw").status, 202);
    redis.stop();
    ASSERT_TRUE(ready_becomes(daemon.port(), 503));
    ASSERT_EQ(http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw").status, 503);

    ws_client back(daemon.port(), "tok-g01");
    auto hello = back.next_of("hello");
    ASSERT_TRUE(hello);
    ASSERT_EQ(seq_of(*hello), last_seen + 2);
    back.send(json::object{{"type", "resume"}, {"after_seq", last_seen}, {"ref", 7}});
    std::vector<std::int64_t> replayed;
    std::optional<json::value> m;
    while ((m = back.next()) && m->as_object().at("type").as_string() != "ok") {
        replayed.push_back(seq_of(*m));
    }
    ASSERT_TRUE(m);
    EXPECT_EQ(replayed, (std::vector<std::int64_t>{last_seen + 1, last_seen + 2}));
    EXPECT_EQ(m->as_object().at("replayed").as_int64(), 2);
    EXPECT_TRUE(m->as_object().at("complete").as_bool());
}

// A gap that neither Redis (down) nor memory (a restarted daemon holds none of it) can replay is
// answered at once with complete: false and nothing replayed: the console resyncs from
// GET /v1/incidents?state=open. Live messages keep flowing after it.
TEST(RedisOutage, ResumeOfAGapNothingHoldsSaysIncomplete) {
    redis_server redis;
    const std::string body = R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})";
    {
        daemon_harness first(test_config_yaml(redis.url()));
        for (int i = 0; i < 3; ++i) {
            ASSERT_EQ(http_call(first.port(), "POST", "/v1/events", body, "tok-gw").status, 202);
        }
    }
    daemon_harness daemon(test_config_yaml(redis.url()));
    redis.stop();
    ASSERT_TRUE(ready_becomes(daemon.port(), 503));

    ws_client g(daemon.port(), "tok-g01");
    auto hello = g.next_of("hello");
    ASSERT_TRUE(hello);
    ASSERT_GE(seq_of(*hello), 3) << "the seq continues from the first daemon's";
    g.send(json::object{{"type", "resume"}, {"after_seq", 0}, {"ref", 1}});
    auto answer = g.next();
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->as_object().at("type").as_string(), "ok") << json::serialize(*answer);
    EXPECT_EQ(answer->as_object().at("replayed").as_int64(), 0);
    EXPECT_FALSE(answer->as_object().at("complete").as_bool());

    ASSERT_EQ(http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw").status, 503);
    auto live = g.next_of("incident.updated");
    ASSERT_TRUE(live);
    EXPECT_EQ(seq_of(*live), seq_of(*hello) + 1);
}

}  // namespace
}  // namespace alarmd::test
