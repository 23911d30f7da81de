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

// Polls /readyz until it answers `status` (bounded: a wait, not a timing assertion).
bool ready_becomes(int port, int status) {
    for (int i = 0; i < 200; ++i) {
        if (http_call(port, "GET", "/readyz").status == status) {
            return true;
        }
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

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
    auto stored = redis_query(redis.port(), {"HGET", "t:incident:" + incident_id, "json"});
    ASSERT_FALSE(stored.nil);
    EXPECT_EQ(json::parse(stored.str).as_object().at("event_count").as_int64(), 2);
}

}  // namespace
}  // namespace alarmd::test
