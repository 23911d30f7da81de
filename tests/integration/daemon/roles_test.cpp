// Who may take which lifecycle step, as a person meets it: every role x every step, over the
// HTTP API and over the guard WebSocket. Guards acknowledge, arrive and resolve; team leads also
// review; managers and admins also hold the resident notice. A refused step changes nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;

struct person {
    const char* token;
    const char* role;
};
const person people[] = {{"tok-g01", "guard"},
                         {"tok-lead1", "team_lead"},
                         {"tok-mgr1", "manager"},
                         {"tok-adm1", "admin"}};
const char* const steps[] = {"ack", "arrive", "resolve", "review", "hold"};

bool allowed(std::string_view role, std::string_view step) {
    if (step == "review") {
        return role != "guard";
    }
    if (step == "hold") {
        return role == "manager" || role == "admin";
    }
    return true;  // ack, arrive, resolve: everyone
}

class Roles : public ::testing::Test {
protected:
    redis_server redis;
    // Every alarm its own incident.
    daemon_harness daemon{test_config_yaml(redis.url(),
                                           "correlation: { dedupe_window: 0s, group_window: 0s }\n")};

    // A new incident in the state the step needs: resolved for review, open otherwise.
    std::string incident_for(std::string_view step) {
        auto r = http_call(daemon.port(), "POST", "/v1/events",
                           R"({"device":"panel-b3","zone":"003","category":"fire"})", "tok-gw");
        EXPECT_EQ(r.status, 202) << r.body;
        const auto id = std::string(r.json().as_object().at("incident_id").as_string());
        if (step == "review") {
            EXPECT_EQ(http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/resolve",
                                R"({"outcome":"real"})", "tok-g02")
                          .status,
                      200);
        }
        return id;
    }

    json::object incident(const std::string& id) {
        auto r = http_call(daemon.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
        EXPECT_EQ(r.status, 200) << r.body;
        return r.json().as_object().at("incident").as_object();
    }
};

TEST_F(Roles, EveryRoleAndStepOverHttp) {
    for (const auto& p : people) {
        for (const auto* step : steps) {
            SCOPED_TRACE(std::string(p.role) + " " + step);
            const auto id = incident_for(step);
            const auto before = incident(id);
            const std::string body = std::string_view(step) == "resolve"
                                         ? R"({"outcome":"false_alarm","note":"n"})"
                                         : "";
            auto r = http_call(daemon.port(), "POST", "/v1/incidents/" + id + "/" + step, body,
                               p.token);
            if (allowed(p.role, step)) {
                EXPECT_EQ(r.status, 200) << r.body;
                EXPECT_NE(json::serialize(incident(id)), json::serialize(before));
            } else {
                EXPECT_EQ(r.status, 403) << r.body;
                const auto error = std::string(r.json().as_object().at("error").as_string());
                EXPECT_NE(error.find(p.role), std::string::npos) << error;
                EXPECT_NE(error.find(step), std::string::npos) << error;
                EXPECT_EQ(json::serialize(incident(id)), json::serialize(before));
            }
        }
    }
}

TEST_F(Roles, EveryRoleAndStepOverWebSocket) {
    for (const auto& p : people) {
        ws_client ws(daemon.port(), p.token);
        ASSERT_TRUE(ws.next_of("hello"));
        int ref = 0;
        for (const auto* step : steps) {
            SCOPED_TRACE(std::string(p.role) + " " + step);
            const auto id = incident_for(step);
            const auto before = incident(id);
            json::object req{{"type", step}, {"incident", id}, {"ref", ++ref}};
            if (std::string_view(step) == "resolve") {
                req["outcome"] = "real";
            }
            ws.send(req);
            // The answer to this request: the first ok/error carrying its ref.
            std::optional<json::value> answer;
            while ((answer = ws.next()) &&
                   !(answer->as_object().contains("ref") &&
                     answer->as_object().at("ref") == json::value(ref))) {
            }
            ASSERT_TRUE(answer) << "no answer to ref " << ref;
            const auto type = std::string(answer->as_object().at("type").as_string());
            if (allowed(p.role, step)) {
                EXPECT_EQ(type, "ok") << json::serialize(*answer);
            } else {
                EXPECT_EQ(type, "error");
                EXPECT_TRUE(
                    answer->as_object().at("error").as_string().starts_with("forbidden"));
                EXPECT_EQ(json::serialize(incident(id)), json::serialize(before));
            }
        }
    }
}

}  // namespace
}  // namespace alarmd::test
