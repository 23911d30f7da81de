// kill -9 at chosen points of the exactly-once path (ALARMD_FAILPOINT=NAME:N kills the daemon
// the Nth time it passes NAME): after an event is stored and before it is answered, and in the
// middle of a console's resume. Nothing stored is lost, the sender's retry is answered, and the
// console catches up after the restart with every message in seq order or is told to resync.
#include <gtest/gtest.h>

#include <signal.h>

#include <set>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string alarm(int zone) {
    return R"({"device":"panel-b3","category":"fire","code":"E110","zone":"Z)" +
           std::to_string(zone) + "\"}";
}

std::uint64_t seq_of(const json::value& m) {
    return m.as_object().at("seq").to_number<std::uint64_t>();
}

TEST(KillPoints, KilledAfterStoringAnEventBeforeAnsweringTheRetryIsStoredAndNothingIsLost) {
    redis_server redis;
    daemon_process daemon(test_config_yaml(redis.url()));
    daemon.start({"ALARMD_FAILPOINT=event_stored:3"});
    std::vector<std::string> answered;
    {
        http_connection conn(daemon.port());
        for (int i = 1; i <= 2; ++i) {
            auto r = conn.call("POST", "/v1/events", alarm(i), "tok-gw");
            ASSERT_EQ(r.status, 202) << r.body;
            answered.emplace_back(r.json().as_object().at("event_id").as_string());
        }
    }
    // The third is stored, then the daemon dies before its 202: the sender sees no answer.
    EXPECT_NE(http_call(daemon.port(), "POST", "/v1/events", alarm(3), "tok-gw").status, 202);
    ASSERT_EQ(daemon.wait_signal_exit(60s), SIGKILL) << daemon.log().substr(0, 4000);
    EXPECT_EQ(daemon.log_count("event=failpoint name=event_stored"), 1u);
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 3)
        << "stored before the kill";

    // The sender retries what was not answered; the restarted daemon answers it.
    daemon.start();
    auto retry = http_call(daemon.port(), "POST", "/v1/events", alarm(3), "tok-gw");
    ASSERT_EQ(retry.status, 202) << retry.body;
    answered.emplace_back(retry.json().as_object().at("event_id").as_string());

    std::set<std::string> stored;
    const auto all = redis_query(redis.port(), {"XRANGE", "t:events", "-", "+"});
    for (std::size_t i = 0; i + 1 < all.elements.size(); ++i) {
        if (all.elements[i] == "id") {
            stored.insert(all.elements[i + 1]);
        }
    }
    for (const auto& id : answered) {
        EXPECT_TRUE(stored.contains(id)) << "answered and not stored: " << id;
    }
    EXPECT_EQ(stored.size(), 4u) << "the unanswered event and its retry are both kept";
    // Both are the same zone of the same incident; the incident knows the three zones.
    auto shown = http_call(daemon.port(), "GET", "/v1/incidents?state=open", {}, "tok-g01").json();
    ASSERT_EQ(shown.at("incidents").as_array().size(), 1u);
    EXPECT_EQ(shown.at("incidents").at(0).at("zone_count").as_int64(), 3);
    EXPECT_EQ(shown.at("incidents").at(0).at("event_count").as_int64(), 4);
    EXPECT_EQ(daemon.terminate(), 0);
}

TEST(KillPoints, KilledDuringAResumeTheConsoleCatchesUpAfterTheRestart) {
    redis_server redis;
    // A queue of 64: the replay comes in pages of 16, and the daemon dies after the second.
    daemon_process daemon(test_config_yaml(
        redis.url(),
        "correlation: { dedupe_window: 0s, group_window: 0s }\n"
        "websocket: { queue_limit: 64 }\n"));
    daemon.start({"ALARMD_FAILPOINT=replay_page:2"});
    std::uint64_t last = 0;
    {
        ws_client away(daemon.port(), "tok-g01");
        auto hello = away.next_of("hello");
        ASSERT_TRUE(hello);
        last = seq_of(*hello);
    }
    constexpr int events = 200;  // each its own incident: one incident.opened each
    {
        http_connection conn(daemon.port());
        for (int i = 0; i < events; ++i) {
            ASSERT_EQ(conn.call("POST", "/v1/events", alarm(i), "tok-gw").status, 202);
        }
    }

    std::set<std::string> opened;  // incidents whose incident.opened the console received
    std::vector<std::uint64_t> seqs;
    auto take = [&](const json::value& m) {
        seqs.push_back(seq_of(m));
        if (m.at("type").as_string() == "incident.opened") {
            opened.emplace(m.at("incident").at("id").as_string());
        }
    };
    {
        ws_client g(daemon.port(), "tok-g01");
        ASSERT_TRUE(g.next_of("hello"));
        g.send(json::object{{"type", "resume"}, {"after_seq", last}, {"ref", "r1"}});
        // Whatever arrives before the connection drops with the daemon.
        while (auto m = g.next(10s)) {
            ASSERT_NE(m->at("type").as_string(), "ok") << "the replay did not finish";
            take(*m);
        }
    }
    ASSERT_EQ(daemon.wait_signal_exit(60s), SIGKILL) << daemon.log().substr(0, 4000);
    EXPECT_EQ(daemon.log_count("event=failpoint name=replay_page"), 1u);
    EXPECT_LT(opened.size(), static_cast<std::size_t>(events)) << "killed mid-replay";

    daemon.start();
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    const auto from = seqs.empty() ? last : seqs.back();
    g.send(json::object{{"type", "resume"}, {"after_seq", from}, {"ref", "r2"}});
    std::optional<json::object> answer;
    while (!answer) {
        auto m = g.next();
        ASSERT_TRUE(m) << "no answer to the resume";
        if (m->at("type").as_string() == "ok") {
            answer = m->as_object();
        } else {
            take(*m);
        }
    }
    // Every message the crashed run sent after the console's last one, once, in order; then
    // `complete: false` at the crash (what it sent last may not have reached the log), so the
    // console resyncs from the API.
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        EXPECT_EQ(seqs[i], last + 1 + i) << "a gap or a repeat at " << i;
    }
    EXPECT_EQ(opened.size(), static_cast<std::size_t>(events)) << "every incident reached it";
    EXPECT_FALSE(answer->at("complete").as_bool()) << json::serialize(*answer);
    auto listed = http_call(daemon.port(), "GET", "/v1/incidents?state=open&limit=1000", {},
                            "tok-g01").json();
    EXPECT_EQ(listed.at("incidents").as_array().size(), static_cast<std::size_t>(events));
    EXPECT_EQ(daemon.terminate(), 0);
}

}  // namespace
}  // namespace alarmd::test
