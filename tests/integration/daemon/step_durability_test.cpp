// A guard's step (ack, resolve …) is answered once it is written to Redis, and the answer says
// whether it is durable: a resolve answered `ok` and then lost with the process must not happen.
// During a Redis outage the step is answered `durable: false` (kept in memory, written when
// Redis returns), and every step taken meanwhile reaches Redis in the end.
#include <gtest/gtest.h>

#include <atomic>
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

// Slow pings: a Redis paused for a moment is slow, not down.
std::string slow_ping_config(const redis_server& redis) {
    auto y = test_config_yaml(redis.url(), "correlation: { dedupe_window: 0s, group_window: 0s }\n");
    const std::string fast = "ping_interval: 200ms";
    y.replace(y.find(fast), fast.size(), "ping_interval: 2s");
    return y;
}

std::string open_fire(int port, const std::string& zone) {
    auto r = http_call(port, "POST", "/v1/events",
                       R"({"device":"panel-b3","zone":")" + zone + R"(","category":"fire"})", "tok-gw");
    EXPECT_EQ(r.status, 202) << r.body;
    return std::string(r.json().as_object().at("incident_id").as_string());
}

std::string stored_state(const redis_server& redis, const std::string& id) {
    auto head = redis_query(redis.port(), {"HGET", "t:incident:" + id, "head"});
    if (head.nil) {
        return "";
    }
    return std::string(json::parse(head.str).as_object().at("state").as_string());
}

TEST(StepDurability, AResolveIsAnsweredOnlyOnceRedisHasIt) {
    redis_server redis(true);  // AOF: durable
    daemon_harness daemon(slow_ping_config(redis));
    const auto id = open_fire(daemon.port(), "003");

    redis.pause();
    std::atomic<bool> answered{false};
    http_reply reply;
    std::thread guard([&] {
        reply = http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/resolve",
                          R"({"outcome":"false_alarm"})", "tok-g01");
        answered = true;
    });
    std::this_thread::sleep_for(300ms);
    const bool answered_while_redis_hung = answered;
    redis.resume();
    guard.join();
    EXPECT_FALSE(answered_while_redis_hung) << "answered before the write";
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_TRUE(reply.json().as_object().at("durable").as_bool());
    EXPECT_EQ(stored_state(redis, id), "resolved") << "in Redis when the guard heard ok";
}

TEST(StepDurability, DuringAnOutageStepsSayNotDurableAndAllReachRedisLater) {
    redis_server redis(true);
    daemon_harness daemon(slow_ping_config(redis));
    const auto acked = open_fire(daemon.port(), "003");
    const auto resolved = open_fire(daemon.port(), "004");

    redis.stop();
    ASSERT_TRUE(ready_becomes(daemon.port(), 503));
    auto a = http_call(daemon.port(), "POST", "/v1/incidents/" + acked + "/ack", "{}", "tok-g01");
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_FALSE(a.json().as_object().at("durable").as_bool());
    for (const char* step : {"ack", "arrive", "resolve"}) {
        auto r = http_call(daemon.port(), "POST", "/v1/incidents/" + resolved + "/" + step,
                           std::string(step) == "resolve" ? R"({"outcome":"false_alarm"})" : "{}",
                           "tok-g01");
        ASSERT_EQ(r.status, 200) << step << ": " << r.body;
        EXPECT_FALSE(r.json().as_object().at("durable").as_bool()) << step;
    }

    redis.start();
    ASSERT_TRUE(ready_becomes(daemon.port(), 200));
    bool written = false;
    for (int i = 0; i < 600 && !written; ++i) {
        written = stored_state(redis, acked) == "acknowledged" &&
                  stored_state(redis, resolved) == "resolved";
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(written) << stored_state(redis, acked) << " / " << stored_state(redis, resolved);
    // Every step's timeline line is there, none overwritten by a later one.
    std::size_t lines = 0;
    for (const auto& e :
         redis_query(redis.port(), {"LRANGE", "t:incident:" + resolved + ":timeline", "0", "-1"})
             .elements) {
        for (const char* what : {"\"acknowledged\"", "\"on_site\"", "\"resolved\""}) {
            lines += e.find(what) != std::string::npos ? 1 : 0;
        }
    }
    EXPECT_EQ(lines, 3u);
}

}  // namespace
}  // namespace alarmd::test
