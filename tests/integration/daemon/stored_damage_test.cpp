// Values in Redis of an unexpected shape (damaged by hand, or written by another version) are
// contained to the request that reads them: an incident that cannot be read back answers 500
// naming it, a damaged stage record or timeline line is reported as far as it can be, and the
// daemon serves every other request on.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;

class StoredDamage : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{test_config_yaml(redis.url(),
                                           "correlation: { dedupe_window: 0s, group_window: 0s }\n")};

    std::string resolved_fire() {
        auto r = http_call(daemon.port(), "POST", "/v1/events",
                           R"({"device":"panel-b3","zone":"003","category":"fire"})", "tok-gw");
        EXPECT_EQ(r.status, 202) << r.body;
        const auto id = std::string(r.json().as_object().at("incident_id").as_string());
        EXPECT_EQ(http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/resolve",
                            R"({"outcome":"real"})", "tok-g01")
                      .status,
                  200);
        return id;  // no longer open: read from Redis from now on
    }
};

TEST_F(StoredDamage, AnUnreadableIncidentAnswers500AndNothingElseBreaks) {
    const auto damaged = resolved_fire();
    const auto fine = resolved_fire();
    redis_query(redis.port(), {"HSET", "t:incident:" + damaged, "head", "{not json"});

    auto r = http_call(daemon.port(), "GET", "/v1/incidents/" + damaged, {}, "tok-g01");
    EXPECT_EQ(r.status, 500);
    EXPECT_NE(r.body.find(damaged), std::string::npos) << r.body;
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents/" + damaged + "/zones", {}, "tok-g01")
                  .status,
              500);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents/" + fine, {}, "tok-g01").status, 200);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents/nope", {}, "tok-g01").status, 404);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/healthz").status, 200);
}

TEST_F(StoredDamage, DamagedStageRecordsAndTimelineLinesAreReportedAsFarAsTheyGo) {
    const auto id = resolved_fire();
    redis_query(redis.port(),
                {"HSET", "t:incident:" + id + ":stages", "alert",
                 R"({"name":7,"late":"yes","fired_at":5,"deliveries":[3,{"to":1,"result":"accepted by x"}]})"});
    redis_query(redis.port(), {"RPUSH", "t:incident:" + id + ":timeline", "5", "[1]", "{broken"});

    auto r = http_call(daemon.port(), "GET", "/v1/incidents/" + id + "/report", {}, "tok-g01");
    ASSERT_EQ(r.status, 200) << r.body;
    const auto report = r.json().as_object();
    bool found = false;
    for (const auto& st : report.at("stages").as_array()) {
        const auto& o = st.as_object();
        if (o.at("name").as_string() == "alert") {
            found = true;
            EXPECT_TRUE(o.at("fired_at").is_null());
            EXPECT_FALSE(o.at("late").as_bool());
            ASSERT_EQ(o.at("deliveries").as_array().size(), 1u);
            EXPECT_EQ(o.at("deliveries").as_array()[0].as_object().at("to").as_string(), "");
        }
    }
    EXPECT_TRUE(found);
    for (const auto& e : report.at("timeline").as_array()) {
        EXPECT_TRUE(e.is_object());
    }
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents/" + id + "/report?format=text", {},
                        "tok-g01")
                  .status,
              200);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/healthz").status, 200);
}

}  // namespace
}  // namespace alarmd::test
