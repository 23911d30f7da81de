// kill -9 and restart: escalation stages that came due while the daemon was down fire once
// each, marked late; a daemon killed between claiming a stage and delivering it leaves the stage
// to the next start, which tells exactly the recipients not told yet. SIGHUP reloads people
// without dropping connections, and an invalid file changes nothing.
//
// "Time passes while it is down" is done by moving the pending stages' due times into the past
// in Redis while no daemon runs, so no step of these tests races a stage's due time.
#include <gtest/gtest.h>

#include <signal.h>

#include <map>
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

// Four stages, all an hour away: nothing comes due while the test posts.
const std::string hour_away_policies =
    "policies:\n"
    "  default:\n"
    "    stages:\n"
    "      - { name: s1, at: 1h, to: [manager], via: [sms] }\n"
    "      - { name: s2, at: 61m, to: [manager], via: [sms] }\n"
    "      - { name: s3, at: 62m, to: [manager, team_lead], via: [sms] }\n"
    "      - { name: s4, at: 63m, to: [guard], via: [sms] }\n";
// Recipients per stage: s1 mgr1, s2 mgr1, s3 mgr1 + lead1, s4 g01 + g02 + g03.
const std::map<std::string, std::size_t> recipients{{"s1", 1}, {"s2", 1}, {"s3", 2}, {"s4", 3}};

std::string crash_config(const redis_server& redis) {
    return test_config_yaml(redis.url(),
                            "correlation: { dedupe_window: 0s, group_window: 0s }\n"
                            "sms: { gateways: [ { name: demo, type: log } ], per_recipient_per_minute: 0 }\n",
                            hour_away_policies);
}

// Posts alarms until `n` incidents are open (each its own: no correlation windows).
std::set<std::string> open_incidents(int port, std::size_t n) {
    std::set<std::string> ids;
    http_connection conn(port);
    const char* zones[] = {"003", "004", "005"};
    for (int i = 0; ids.size() < n; ++i) {
        const std::string body = R"({"device":"panel-b3","category":"fire","zone":")" +
                                 std::string(zones[i % 3]) + R"(","code":"E)" + std::to_string(i) +
                                 "\"}";
        auto r = conn.call("POST", "/v1/events", body, "tok-gw");
        EXPECT_EQ(r.status, 202) << r.body;
        if (r.status != 202) {
            break;
        }
        ids.insert(std::string(r.json().as_object().at("incident_id").as_string()));
    }
    return ids;
}

// While no daemon runs: every pending stage becomes a minute overdue.
long long make_pending_stages_overdue(int redis_port) {
    const auto past_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count() -
                         60000;
    return redis_query(redis_port,
                       {"EVAL",
                        "local m = redis.call('ZRANGE', KEYS[1], 0, -1)\n"
                        "for _, x in ipairs(m) do redis.call('ZADD', KEYS[1], 'XX', ARGV[1], x) end\n"
                        "return #m",
                        "1", "t:stages", std::to_string(past_ms)})
        .integer;
}

// Waits (bounded) until no stage is pending or claimed-but-unfinished.
bool stages_settle(int redis_port) {
    for (int i = 0; i < 2400; ++i) {
        if (redis_query(redis_port, {"ZCARD", "t:stages"}).integer == 0 &&
            redis_query(redis_port, {"HLEN", "t:stages:claimed"}).integer == 0) {
            return true;
        }
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

struct stage_tally {
    std::size_t records = 0;
    std::size_t late = 0;
    std::size_t wrong_delivery_count = 0;  // a record whose deliveries are not one per recipient
    std::size_t fired_lines = 0;
    std::size_t notified_lines = 0;
    std::size_t accepted = 0;   // deliveries the gateway took
    std::size_t uncertain = 0;  // handed to the gateway before a kill, outcome never recorded
};

stage_tally tally(int redis_port, const std::set<std::string>& ids) {
    stage_tally t;
    for (const auto& id : ids) {
        auto records = redis_query(redis_port, {"HGETALL", "t:incident:" + id + ":stages"});
        for (std::size_t k = 0; k + 1 < records.elements.size(); k += 2) {
            ++t.records;
            auto rec = json::parse(records.elements[k + 1]).as_object();
            t.late += rec.at("fired_at").is_string() && rec.at("late").as_bool() ? 1 : 0;
            std::set<std::string> to;
            for (const auto& d : rec.at("deliveries").as_array()) {
                const auto& result = d.as_object().at("result").as_string();
                if (result.starts_with("accepted")) {
                    ++t.accepted;
                } else if (result.starts_with("unknown: handed to the SMS gateways")) {
                    ++t.uncertain;
                } else {
                    ADD_FAILURE() << json::serialize(d);
                }
                to.insert(std::string(d.as_object().at("to").as_string()));
            }
            const auto want = recipients.at(records.elements[k]);
            if (to.size() != want || rec.at("deliveries").as_array().size() != want) {
                ++t.wrong_delivery_count;
                ADD_FAILURE() << id << " " << json::serialize(rec);
            }
        }
        for (const auto& e :
             redis_query(redis_port, {"LRANGE", "t:incident:" + id + ":timeline", "0", "-1"})
                 .elements) {
            t.fired_lines += e.find("\"stage_fired\"") != std::string::npos ? 1 : 0;
            t.notified_lines += e.find("\"notified\"") != std::string::npos ? 1 : 0;
        }
    }
    return t;
}

constexpr std::size_t per_incident_deliveries = 1 + 1 + 2 + 3;

TEST(CrashRestart, PendingStagesFireOnceEachAfterKill9) {
    constexpr std::size_t incidents_wanted = 2500;  // x 4 stages = 10,000 pending
    redis_server redis;
    daemon_process daemon(crash_config(redis));
    daemon.start();
    const auto ids = open_incidents(daemon.port(), incidents_wanted);
    ASSERT_EQ(ids.size(), incidents_wanted);
    EXPECT_EQ(redis_query(redis.port(), {"ZCARD", "t:stages"}).integer,
              static_cast<long long>(ids.size() * 4));
    daemon.kill9();

    ASSERT_EQ(make_pending_stages_overdue(redis.port()), static_cast<long long>(ids.size() * 4));
    daemon.start();
    ASSERT_TRUE(stages_settle(redis.port())) << daemon.log().substr(0, 4000);

    const auto t = tally(redis.port(), ids);
    EXPECT_EQ(t.records, ids.size() * 4);
    EXPECT_EQ(t.uncertain, 0u);
    EXPECT_EQ(t.late, ids.size() * 4) << "every stage came due while the daemon was down";
    EXPECT_EQ(t.wrong_delivery_count, 0u);
    EXPECT_EQ(t.fired_lines, ids.size() * 4) << "a stage fired twice or not at all";
    EXPECT_EQ(t.notified_lines, ids.size() * per_incident_deliveries);
    EXPECT_EQ(daemon.terminate(), 0) << daemon.log().substr(0, 2000);
}

// SIGHUP every 10 ms while 1,000 stages fire: a stage in flight keeps the config and the SMS
// gateways it started with (under ASan a freed policy or dispatcher would abort the daemon), and
// every stage is delivered once.
TEST(CrashRestart, ReloadsEvery10msWhileStagesFireFreeNothingInUse) {
    redis_server redis;
    daemon_process daemon(crash_config(redis));
    daemon.start();
    const auto ids = open_incidents(daemon.port(), 250);  // 1,000 stages
    ASSERT_EQ(ids.size(), 250u);
    daemon.kill9();
    ASSERT_EQ(make_pending_stages_overdue(redis.port()), 1000);

    daemon.start();  // answers /healthz once SIGHUP is handled; the overdue stages fire now
    bool settled = false;
    for (int i = 0; i < 12000 && !settled; ++i) {
        ASSERT_EQ(::kill(daemon.pid(), SIGHUP), 0);
        std::this_thread::sleep_for(10ms);
        settled = i >= 100 && i % 10 == 0 &&
                  redis_query(redis.port(), {"ZCARD", "t:stages"}).integer == 0 &&
                  redis_query(redis.port(), {"HLEN", "t:stages:claimed"}).integer == 0;
    }
    ASSERT_TRUE(settled) << daemon.log().substr(0, 4000);
    EXPECT_GT(daemon.log_count("event=reloaded"), 10u);

    const auto t = tally(redis.port(), ids);
    EXPECT_EQ(t.records, ids.size() * 4);
    EXPECT_EQ(t.uncertain, 0u);
    EXPECT_EQ(t.wrong_delivery_count, 0u);
    EXPECT_EQ(t.fired_lines, ids.size() * 4);
    EXPECT_EQ(t.notified_lines, ids.size() * per_incident_deliveries);
    EXPECT_EQ(daemon.terminate(), 0) << daemon.log().substr(0, 2000);
}

// The daemon kills itself right after its 700th claim, before that stage's first delivery (the
// `stage_claimed` failpoint). The next start resumes the stage: every stage ends with one
// delivery recorded per recipient, and no stage is fired twice.
TEST(CrashRestart, KilledBetweenClaimAndDeliveryTheNextStartDeliversOnce) {
    redis_server redis;
    daemon_process daemon(crash_config(redis));
    daemon.start();
    const auto ids = open_incidents(daemon.port(), 400);  // 1,600 stages
    ASSERT_EQ(ids.size(), 400u);
    daemon.kill9();
    ASSERT_EQ(make_pending_stages_overdue(redis.port()), 1600);

    daemon.start({"ALARMD_FAILPOINT=stage_claimed:700"});
    ASSERT_EQ(daemon.wait_signal_exit(120s), SIGKILL) << daemon.log().substr(0, 4000);
    EXPECT_EQ(daemon.log_count("event=failpoint name=stage_claimed"), 1u);
    // The claim was written before the kill; its deliveries were not.
    const auto claimed = redis_query(redis.port(), {"HKEYS", "t:stages:claimed"});
    ASSERT_FALSE(claimed.elements.empty());
    EXPECT_LT(redis_query(redis.port(), {"ZCARD", "t:stages"}).integer, 1600);

    daemon.start();
    ASSERT_TRUE(stages_settle(redis.port())) << daemon.log().substr(0, 4000);
    EXPECT_GE(daemon.log_count("event=stage_resumed"), claimed.elements.size());

    const auto t = tally(redis.port(), ids);
    EXPECT_EQ(t.records, ids.size() * 4);
    EXPECT_EQ(t.wrong_delivery_count, 0u);
    EXPECT_EQ(t.fired_lines, ids.size() * 4);
    EXPECT_EQ(t.notified_lines, ids.size() * per_incident_deliveries);
    // Messages the kill caught between their "handed" marker and their outcome are recorded as
    // uncertain and not sent again: across both runs, no stage's SMS went out more often than
    // it has recipients, and every accepted one went out.
    const auto log = daemon.log();
    std::size_t sent = 0;
    for (const auto& id : ids) {
        for (const auto& [stage, n] : recipients) {
            const std::string ref = "ref=" + id + "/" + stage + " ";
            std::size_t count = 0;
            for (auto at = log.find(ref); at != std::string::npos; at = log.find(ref, at + 1)) {
                ++count;
            }
            EXPECT_LE(count, n) << ref << "sent twice";
            sent += count;
        }
    }
    EXPECT_GE(sent, t.accepted);
    EXPECT_LE(sent, t.accepted + t.uncertain);
    EXPECT_EQ(daemon.terminate(), 0);
}

// A stage claimed by a daemon that died after telling one of its three guards: the next start
// tells the other two and records them, and nobody twice.
TEST(CrashRestart, AResumedStageTellsOnlyTheRecipientsNotRecorded) {
    redis_server redis;
    daemon_process daemon(crash_config(redis));
    daemon.start();
    const auto ids = open_incidents(daemon.port(), 1);
    ASSERT_EQ(ids.size(), 1u);
    const auto id = *ids.begin();
    daemon.kill9();

    // What the dead daemon left: s4 claimed (off the pending set, record written), g01 told.
    const auto member = id + "|s4";
    ASSERT_EQ(redis_query(redis.port(), {"ZREM", "t:stages", member}).integer, 1);
    const auto record = json::serialize(json::object{{"name", "s4"},
                                                     {"due_at", "2026-01-01T00:00:00.000Z"},
                                                     {"fired_at", "2026-01-01T00:00:00.100Z"},
                                                     {"late", false},
                                                     {"skipped", nullptr},
                                                     {"deliveries", json::array{}}});
    redis_query(redis.port(), {"HSET", "t:incident:" + id + ":stages", "s4", record});
    redis_query(redis.port(), {"HSET", "t:stages:claimed", member, "alarmd-dead"});
    redis_query(redis.port(),
                {"HSET", "t:incident:" + id + ":deliveries", "s4|sms|g01",
                 R"j({"to":"g01","via":"sms","result":"accepted by demo (demo-1)"})j"});

    daemon.start();
    for (int i = 0; i < 600 && redis_query(redis.port(), {"HLEN", "t:stages:claimed"}).integer > 0;
         ++i) {
        std::this_thread::sleep_for(20ms);
    }
    ASSERT_EQ(redis_query(redis.port(), {"HLEN", "t:stages:claimed"}).integer, 0)
        << daemon.log();
    auto finished =
        json::parse(redis_query(redis.port(), {"HGET", "t:incident:" + id + ":stages", "s4"}).str)
            .as_object();
    std::map<std::string, std::string> results;
    for (const auto& d : finished.at("deliveries").as_array()) {
        results[std::string(d.as_object().at("to").as_string())] =
            std::string(d.as_object().at("result").as_string());
    }
    EXPECT_EQ(results.size(), 3u) << json::serialize(finished);
    EXPECT_EQ(results["g01"], "accepted by demo (demo-1)") << "kept as recorded, not sent again";
    EXPECT_TRUE(results["g02"].starts_with("accepted"));
    EXPECT_TRUE(results["g03"].starts_with("accepted"));
    EXPECT_EQ(daemon.log_count("ref=" + id + "/s4"), 2u) << "only g02 and g03 were sent an SMS";
    EXPECT_EQ(daemon.terminate(), 0);
}

TEST(CrashRestart, SighupReloadsPeopleWithoutDroppingConnections) {
    redis_server redis;
    const auto base = test_config_yaml(redis.url());
    // The people list is the last one before `policies:`: add g09 at its end.
    auto with_g09 = base;
    with_g09.insert(with_g09.find("policies:"),
                    "  - { id: g09, name: \"g09\", role: guard, token_sha256: \"" +
                        sys::sha256_hex("tok-g09") + "\" }\n");

    daemon_process daemon(base);
    daemon.start();
    ws_client guard(daemon.port(), "tok-g01");
    ASSERT_TRUE(guard.next_of("hello"));
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-g09"), 401);

    // An invalid file that would admit g09 changes nothing: g09 stays refused.
    EXPECT_FALSE(daemon.reload(with_g09 + "bogus_key: 1\n"));
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-g09"), 401);

    // The same people in a valid file: g09 is admitted, the open connection stays.
    EXPECT_TRUE(daemon.reload(with_g09));
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-g09"), 101);
    guard.send(json::object{{"type", "ping"}, {"ref", 2}});
    ASSERT_TRUE(guard.next_of("ok")) << "the existing connection survived the reload";

    // And back: g09 is refused again, and g09's open console is ended with its token.
    ws_client g09(daemon.port(), "tok-g09");
    ASSERT_TRUE(g09.next_of("hello"));
    EXPECT_TRUE(daemon.reload(base));
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-g09"), 401);
    EXPECT_TRUE(g09.closed_by_server(std::chrono::seconds(30)))
        << "a token removed by reload keeps no live feed";
    EXPECT_EQ(daemon.log_count("event=ws_sessions_closed reason=token_removed_by_reload count=1"),
              1u);
    guard.send(json::object{{"type", "ping"}, {"ref", 3}});
    ASSERT_TRUE(guard.next_of("ok")) << "the others stay";
    EXPECT_EQ(daemon.terminate(), 0);
}

}  // namespace
}  // namespace alarmd::test
