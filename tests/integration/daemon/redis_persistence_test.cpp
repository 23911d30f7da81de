// An acknowledged event is only as durable as Redis's persistence. Without an fsync'd
// append-only file (Debian's default) alarmd still takes alarms, but says so: /readyz and
// /metrics show it and answers carry durable: false. With AOF on they say durable: true.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;

constexpr const char* fire = R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})";

struct seen {
    json::object ready;
    std::string metrics;
    int post_status = 0;
    json::object post;
};

seen observe(bool aof) {
    redis_server redis(aof);
    daemon_harness daemon(test_config_yaml(redis.url()));
    seen s;
    auto r = http_call(daemon.port(), "GET", "/readyz");
    EXPECT_EQ(r.status, 200) << r.body;
    s.ready = r.json().as_object();
    s.metrics = http_call(daemon.port(), "GET", "/metrics").body;
    auto p = http_call(daemon.port(), "POST", "/v1/events", fire, "tok-gw");
    s.post_status = p.status;
    s.post = p.json().as_object();
    return s;
}

TEST(RedisPersistence, WithoutAppendOnlyFileEverythingSaysNotDurable) {
    const auto s = observe(false);
    EXPECT_FALSE(s.ready.at("durable").as_bool());
    EXPECT_EQ(s.ready.at("persistence").at("appendonly").as_string(), "no");
    EXPECT_EQ(s.ready.at("status").as_string(), "ready") << "alarms are still taken";
    EXPECT_NE(s.metrics.find("\nalarmd_redis_durable 0\n"), std::string::npos);
    EXPECT_EQ(s.post_status, 202) << "stored in Redis";
    EXPECT_FALSE(s.post.at("durable").as_bool());
}

TEST(RedisPersistence, WithAppendOnlyFileEverysecAnswersAreDurable) {
    const auto s = observe(true);
    EXPECT_TRUE(s.ready.at("durable").as_bool());
    EXPECT_EQ(s.ready.at("persistence").at("appendonly").as_string(), "yes");
    EXPECT_EQ(s.ready.at("persistence").at("appendfsync").as_string(), "everysec");
    EXPECT_NE(s.metrics.find("\nalarmd_redis_durable 1\n"), std::string::npos);
    EXPECT_EQ(s.post_status, 202);
    EXPECT_TRUE(s.post.at("durable").as_bool());
}

}  // namespace
}  // namespace alarmd::test
