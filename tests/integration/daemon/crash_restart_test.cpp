// kill -9 with 10,000 escalation stages pending, restart: every stage fires once, marked late
// because it came due while the daemon was down, and none fires twice.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include <boost/json.hpp>

#include "daemon/sys/token_book.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST(CrashRestart, PendingStagesFireOnceEachAfterKill9) {
    constexpr std::size_t incidents_wanted = 2500;  // x 4 stages = 10,000 pending
    redis_server redis;
    daemon_process daemon(test_config_yaml(
        redis.url(),
        "correlation: { dedupe_window: 0s, group_window: 0s }\n"
        "sms: { gateways: [ { name: demo, type: log } ] }\n",
        "policies:\n"
        "  default:\n"
        "    stages:\n"
        "      - { name: s1, at: 12s,    to: [manager], via: [sms] }\n"
        "      - { name: s2, at: 12100ms, to: [manager], via: [sms] }\n"
        "      - { name: s3, at: 12200ms, to: [manager], via: [sms] }\n"
        "      - { name: s4, at: 12300ms, to: [manager], via: [sms] }\n"));
    daemon.start();

    const auto started = std::chrono::steady_clock::now();
    std::set<std::string> ids;
    {
        http_connection conn(daemon.port());
        const char* zones[] = {"003", "004", "005"};
        for (int i = 0; ids.size() < incidents_wanted; ++i) {
            const std::string body = R"({"device":"panel-b3","category":"fire","zone":")" +
                                     std::string(zones[i % 3]) + R"(","code":"E)" +
                                     std::to_string(i) + "\"}";
            auto r = conn.call("POST", "/v1/events", body, "tok-gw");
            ASSERT_EQ(r.status, 202) << r.body;
            ids.insert(std::string(r.json().as_object().at("incident_id").as_string()));
        }
    }
    const auto posted = std::chrono::steady_clock::now();
    ASSERT_LT(posted - started, 11s) << "posting took too long for the stages to be still pending";
    EXPECT_EQ(redis_query(redis.port(), {"ZCARD", "t:stages"}).integer,
              static_cast<long long>(ids.size() * 4));
    daemon.kill9();

    std::this_thread::sleep_until(posted + 12500ms);  // every stage came due while it was down
    daemon.start();
    for (int i = 0; i < 600 && redis_query(redis.port(), {"ZCARD", "t:stages"}).integer > 0; ++i) {
        std::this_thread::sleep_for(50ms);
    }
    ASSERT_EQ(redis_query(redis.port(), {"ZCARD", "t:stages"}).integer, 0);

    // Claims are done; wait until every delivery has been made and written (bounded).
    const std::string delivered = "alarmd_deliveries_total{via=\"sms\",result=\"accepted\"} " +
                                  std::to_string(ids.size() * 4) + "\n";
    for (int i = 0; i < 600; ++i) {
        if (http_call(daemon.port(), "GET", "/metrics").body.find(delivered) != std::string::npos) {
            break;
        }
        std::this_thread::sleep_for(50ms);
    }
    std::size_t late = 0;
    std::size_t fired_lines = 0;
    for (int pass = 0; pass < 20 && fired_lines < ids.size() * 4; ++pass) {
        late = 0;
        fired_lines = 0;
        for (const auto& id : ids) {
            auto records = redis_query(redis.port(), {"HGETALL", "t:incident:" + id + ":stages"});
            ASSERT_EQ(records.elements.size(), 8u) << id;  // 4 stages, name + record each
            for (std::size_t k = 1; k < records.elements.size(); k += 2) {
                auto rec = json::parse(records.elements[k]).as_object();
                EXPECT_TRUE(rec.at("fired_at").is_string());
                late += rec.at("late").as_bool() ? 1 : 0;
            }
            for (const auto& e : redis_query(redis.port(), {"LRANGE", "t:incident:" + id +
                                                                          ":timeline", "0", "-1"})
                                     .elements) {
                fired_lines += e.find("\"stage_fired\"") != std::string::npos ? 1 : 0;
            }
        }
    }
    EXPECT_EQ(late, ids.size() * 4);
    EXPECT_EQ(fired_lines, ids.size() * 4) << "a stage fired twice or not at all";
    EXPECT_EQ(daemon.terminate(), 0) << daemon.log().substr(0, 2000);
}

TEST(CrashRestart, SighupReloadsPeopleWithoutDroppingConnections) {
    redis_server redis;
    const auto base = test_config_yaml(redis.url());
    daemon_process daemon(base);
    daemon.start();
    ws_client guard(daemon.port(), "tok-g01");
    ASSERT_TRUE(guard.next_of("hello"));
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-g09"), 401);

    // An invalid file changes nothing; a valid one adds g09.
    daemon.reload(base + "bogus_key: 1\n");
    guard.send(json::object{{"type", "ping"}, {"ref", 1}});
    ASSERT_TRUE(guard.next_of("ok"));
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-g09"), 401);

    // The people list is the last one before `policies:`: add g09 at its end.
    auto with_g09 = base;
    with_g09.insert(with_g09.find("policies:"),
                    "  - { id: g09, name: \"g09\", role: guard, token_sha256: \"" +
                        sys::sha256_hex("tok-g09") + "\" }\n");
    daemon.reload(with_g09);
    bool admitted = false;
    for (int i = 0; i < 100 && !admitted; ++i) {
        admitted = ws_refusal_status(daemon.port(), "tok-g09") == 101;
        if (!admitted) {
            std::this_thread::sleep_for(20ms);
        }
    }
    EXPECT_TRUE(admitted) << daemon.log();
    guard.send(json::object{{"type", "ping"}, {"ref", 2}});
    auto pong = guard.next_of("ok");
    ASSERT_TRUE(pong) << "the existing connection survived the reload";
    EXPECT_NE(daemon.log().find("event=reload_rejected"), std::string::npos);
    EXPECT_NE(daemon.log().find("event=reloaded"), std::string::npos);
    EXPECT_EQ(daemon.terminate(), 0);
}

}  // namespace
}  // namespace alarmd::test
