// A guard console that was away during a storm catches up with `resume`: the replay is read page
// by page as its queue drains, so a gap far larger than `websocket.queue_limit` arrives whole and
// in order without the console being dropped, live messages included. A gap the replay log no
// longer holds (trimmed, or a write lost) is answered `complete: false`, never skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <thread>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/replay_log.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* fire = R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})";

std::uint64_t seq_of(const json::value& m) {
    return m.as_object().at("seq").to_number<std::uint64_t>();
}

std::string type_of(const json::value& m) { return std::string(m.as_object().at("type").as_string()); }

void post_events(int port, int n) {
    http_connection c(port);
    for (int i = 0; i < n; ++i) {
        ASSERT_EQ(c.call("POST", "/v1/events", fire, "tok-gw").status, 202);
    }
}

// The seq the daemon stands at now: a new console's hello.
std::uint64_t current_seq(int port) {
    ws_client probe(port, "tok-g02");
    auto hello = probe.next_of("hello");
    EXPECT_TRUE(hello);
    return hello ? seq_of(*hello) : 0;
}

// Reads until the resume's answer and then until `last`: every message with its seq, in order.
struct resume_outcome {
    std::vector<std::uint64_t> seqs;  // every message but the answer
    std::optional<json::object> answer;
};
resume_outcome read_resume(ws_client& g, std::uint64_t last) {
    resume_outcome out;
    while (!out.answer || out.seqs.empty() || out.seqs.back() < last) {
        auto m = g.next();
        if (!m) {
            ADD_FAILURE() << "no message after seq "
                          << (out.seqs.empty() ? 0 : out.seqs.back()) << " (waiting for " << last
                          << ")";
            break;
        }
        if (type_of(*m) == "ok" || type_of(*m) == "error") {
            EXPECT_FALSE(out.answer) << "one answer";
            out.answer = m->as_object();
            if (out.seqs.empty() && last == 0) {
                break;
            }
            continue;
        }
        out.seqs.push_back(seq_of(*m));
    }
    return out;
}

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
    std::vector<std::uint64_t> v;
    for (auto s = from; s <= to; ++s) {
        v.push_back(s);
    }
    return v;
}

class Resume : public ::testing::Test {
protected:
    redis_server redis;
    // A queue of 64 messages: the gaps below are dozens of times larger.
    std::string yaml = test_config_yaml(redis.url(), "websocket: { queue_limit: 64 }\n");

    // A console sees hello on a first daemon and goes away; `n` events come; the daemon stops.
    // The seq it last saw.
    std::uint64_t away_while(int n) {
        daemon_harness first(yaml);
        ws_client g(first.port(), "tok-g01");
        auto hello = g.next_of("hello");
        EXPECT_TRUE(hello);
        post_events(first.port(), n);
        return hello ? seq_of(*hello) : 0;
    }

    // A console on a first daemon reads the messages of `n` events; the daemon stops cleanly.
    // The last seq the console saw.
    std::uint64_t watched_while(int n) {
        daemon_harness first(yaml);
        ws_client g(first.port(), "tok-g01");
        EXPECT_TRUE(g.next_of("hello"));
        post_events(first.port(), n);
        std::uint64_t seen = 0;
        for (int i = 0; i < n; ++i) {
            auto m = g.next();
            EXPECT_TRUE(m);
            seen = m ? seq_of(*m) : seen;
        }
        return seen;
    }
};

TEST_F(Resume, AGapManyTimesTheQueueArrivesWholeAndInOrderWithLiveMessages) {
    daemon_harness daemon(yaml);
    std::uint64_t last_seen = 0;
    {
        ws_client g(daemon.port(), "tok-g01");
        auto hello = g.next_of("hello");
        ASSERT_TRUE(hello);
        last_seen = seq_of(*hello);
    }
    post_events(daemon.port(), 3000);

    // A console that reads slowly (a small receive buffer, and nothing read while live events
    // arrive): the replay cannot finish before the live messages come, and the hold for them
    // overflows, so they too are replayed from the log.
    ws_client g(daemon.port(), "tok-g01", false, 4096);
    auto hello = g.next_of("hello");
    ASSERT_TRUE(hello);
    const auto hello_seq = seq_of(*hello);
    ASSERT_GE(hello_seq, last_seen + 3000);
    g.send(json::object{{"type", "resume"}, {"after_seq", last_seen}, {"ref", "r1"}});
    post_events(daemon.port(), 300);
    const auto last = current_seq(daemon.port());

    const auto out = read_resume(g, last);
    ASSERT_TRUE(out.answer);
    EXPECT_EQ(out.answer->at("type").as_string(), "ok") << json::serialize(*out.answer);
    EXPECT_EQ(out.answer->at("ref").as_string(), "r1");
    EXPECT_TRUE(out.answer->at("complete").as_bool());
    EXPECT_GE(out.answer->at("replayed").to_number<std::uint64_t>(), hello_seq - last_seen);
    // Everything from the first missed message to the newest, once each, in seq order.
    EXPECT_EQ(out.seqs, range(last_seen + 1, last));
}

TEST_F(Resume, AGapOlderThanTheLogIsIncompleteAtOnce) {
    const auto last_seen = away_while(50);
    // The log has been trimmed past what the console saw; the restarted daemon holds nothing
    // in memory either.
    redis_query(redis.port(), {"XTRIM", "t:ws:replay", "MINID", std::to_string(last_seen + 11)});
    daemon_harness daemon(yaml);
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    g.send(json::object{{"type", "resume"}, {"after_seq", last_seen}, {"ref", 2}});
    auto answer = g.next();
    ASSERT_TRUE(answer);
    EXPECT_EQ(type_of(*answer), "ok") << json::serialize(*answer);
    EXPECT_EQ(answer->as_object().at("replayed").as_int64(), 0);
    EXPECT_FALSE(answer->as_object().at("complete").as_bool());
}

TEST_F(Resume, AMessageMissingFromTheLogEndsTheReplayIncompleteThere) {
    const auto last_seen = away_while(50);
    // One message lost (a write that never reached Redis).
    const auto lost = last_seen + 20;
    drop_replay(redis.port(), "t:", lost, lost);
    daemon_harness daemon(yaml);
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    g.send(json::object{{"type", "resume"}, {"after_seq", last_seen}, {"ref", 3}});
    const auto out = read_resume(g, 0);
    ASSERT_TRUE(out.answer);
    EXPECT_FALSE(out.answer->at("complete").as_bool()) << json::serialize(*out.answer);
    EXPECT_EQ(out.seqs, range(last_seen + 1, lost - 1)) << "replayed up to the gap, not across it";
    EXPECT_EQ(out.answer->at("replayed").to_number<std::uint64_t>(), out.seqs.size());
}

// Messages published while Redis was away reach the replay log when it returns, so a console
// resuming after a restart of the daemon gets them.
TEST_F(Resume, MessagesPublishedDuringAnOutageReachTheReplayLogLater) {
    std::uint64_t before = 0;
    {
        daemon_harness daemon(yaml);
        ws_client g(daemon.port(), "tok-g01");
        auto hello = g.next_of("hello");
        ASSERT_TRUE(hello);
        before = seq_of(*hello);
        redis.stop();
        ASSERT_TRUE(ready_becomes(daemon.port(), 503));
        for (int i = 0; i < 3; ++i) {  // 503: not stored, but pushed to the guards
            EXPECT_EQ(http_call(daemon.port(), "POST", "/v1/events", fire, "tok-gw").status, 503);
        }
        ASSERT_TRUE(g.next_of("incident.opened"));
        ASSERT_TRUE(g.next_of("incident.updated"));
        ASSERT_TRUE(g.next_of("incident.updated"));
        redis.start();
        bool logged = false;
        for (int i = 0; i < 1000 && !logged; ++i) {
            logged = replay_log(redis.port(), "t:", before + 1, before + 3).size() == 3;
            std::this_thread::sleep_for(20ms);
        }
        ASSERT_TRUE(logged) << "the messages of the outage never reached the replay log";
    }
    daemon_harness again(yaml);
    ws_client g(again.port(), "tok-g01");
    auto hello = g.next_of("hello");
    ASSERT_TRUE(hello);
    g.send(json::object{{"type", "resume"}, {"after_seq", before}, {"ref", 4}});
    const auto out = read_resume(g, 0);
    ASSERT_TRUE(out.answer);
    EXPECT_TRUE(out.answer->at("complete").as_bool()) << json::serialize(*out.answer);
    EXPECT_EQ(out.seqs, range(before + 1, seq_of(*hello)));
}

// Redis refusing writes while the connection stays up (out of memory here): the messages it
// refused are written when it takes writes again, before the ones published after them (the
// log is a stream, which takes its entries in seq order only), and none is lost; the refused
// events are written again within a second, with no reconnect to prompt it.
TEST_F(Resume, MessagesRedisRefusedAreLoggedInOrderWhenItTakesWritesAgain) {
    daemon_harness daemon(yaml);
    ws_client g(daemon.port(), "tok-g01");
    auto hello = g.next_of("hello");
    ASSERT_TRUE(hello);
    const auto before = seq_of(*hello);
    redis_query(redis.port(), {"CONFIG", "SET", "maxmemory-policy", "noeviction"});
    redis_query(redis.port(), {"CONFIG", "SET", "maxmemory", "1"});
    for (int i = 0; i < 3; ++i) {
        EXPECT_NE(http_call(daemon.port(), "POST", "/v1/events", fire, "tok-gw").status, 202)
            << "a write Redis refused is not acknowledged";
    }
    std::uint64_t refused_last = 0;
    for (int i = 0; i < 3; ++i) {
        auto m = g.next();
        ASSERT_TRUE(m);
        refused_last = seq_of(*m);
    }
    EXPECT_TRUE(replay_log(redis.port(), "t:", before + 1).empty());
    redis_query(redis.port(), {"CONFIG", "SET", "maxmemory", "0"});
    post_events(daemon.port(), 2);
    std::vector<logged_message> logged;
    for (int i = 0; i < 500 && (logged.empty() || logged.back().seq < refused_last + 2); ++i) {
        std::this_thread::sleep_for(20ms);
        logged = replay_log(redis.port(), "t:", before + 1);
    }
    std::vector<std::uint64_t> seqs;
    for (const auto& m : logged) {
        seqs.push_back(m.seq);
    }
    EXPECT_EQ(seqs, range(before + 1, refused_last + 2)) << "every message, once, in seq order";
    // The refused events themselves are stored too (the daemon had acted on them).
    long long stored = 0;
    for (int i = 0; i < 200 && stored < 5; ++i) {
        stored = redis_query(redis.port(), {"XLEN", "t:events"}).integer;
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(stored, 5);
}

// Earlier builds kept the replay log in a sorted set under another key: a start gives its memory
// back, and the new log carries on.
TEST_F(Resume, TheReplayLogOfEarlierBuildsIsDeletedAtStart) {
    redis_query(redis.port(), {"ZADD", "t:ws:log", "1", R"({"type":"incident.opened","seq":1})"});
    daemon_harness daemon(yaml);
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    post_events(daemon.port(), 1);
    ASSERT_TRUE(g.next_of("incident.opened"));
    EXPECT_EQ(redis_query(redis.port(), {"EXISTS", "t:ws:log"}).integer, 0);
    std::size_t logged = 0;
    for (int i = 0; i < 200 && logged == 0; ++i) {
        logged = replay_log(redis.port(), "t:").size();
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_EQ(logged, 1U);
}

// A console that saw seqs the restarted daemon has not reached (the log lost its newest entries
// with a Redis restarted without them) is told to resync, not told it is complete.
TEST_F(Resume, AConsoleAheadOfTheSequenceIsToldToResync) {
    const auto seen = watched_while(5);
    drop_replay(redis.port(), "t:", seen - 2, std::numeric_limits<std::uint64_t>::max());
    redis_query(redis.port(), {"DEL", "t:ws:seq"});
    daemon_harness daemon(yaml);
    ws_client g(daemon.port(), "tok-g01");
    auto hello = g.next_of("hello");
    ASSERT_TRUE(hello);
    ASSERT_LT(seq_of(*hello), seen);
    g.send(json::object{{"type", "resume"}, {"after_seq", seen}, {"ref", 5}});
    auto answer = g.next();
    ASSERT_TRUE(answer);
    EXPECT_EQ(type_of(*answer), "ok") << json::serialize(*answer);
    EXPECT_FALSE(answer->as_object().at("complete").as_bool());
}

// Seqs are reserved ahead in Redis: a restart never hands out a seq a console may have seen,
// even when the last messages of the earlier run never reached the log. After a clean stop a
// resume steps over the unused seqs; after a crash it says complete: false at that point.
TEST_F(Resume, ARestartNeverReusesASeqAndResumesStepOverTheGap) {
    const auto seen = watched_while(5);
    EXPECT_GE(std::stoull(redis_query(redis.port(), {"GET", "t:ws:seq"}).str), seen + 5000)
        << "reserved ahead";
    EXPECT_EQ(redis_query(redis.port(), {"GET", "t:ws:clean"}).str, std::to_string(seen))
        << "a clean stop records its last seq";
    {
        daemon_harness second(yaml);
        ws_client g(second.port(), "tok-g01");
        auto hello = g.next_of("hello");
        ASSERT_TRUE(hello);
        EXPECT_GT(seq_of(*hello), seen + 5000);
        post_events(second.port(), 1);
        auto fresh = g.next();
        ASSERT_TRUE(fresh);
        EXPECT_GT(seq_of(*fresh), seen) << "never a seq the first run used";
        // From before the restart, across it: complete, the gap stepped over.
        g.send(json::object{{"type", "resume"}, {"after_seq", seen - 2}, {"ref", 6}});
        const auto out = read_resume(g, 0);
        ASSERT_TRUE(out.answer);
        EXPECT_TRUE(out.answer->at("complete").as_bool()) << json::serialize(*out.answer);
        EXPECT_EQ(out.seqs, (std::vector<std::uint64_t>{seen - 1, seen}));
    }
    // The second run's last messages are lost as in a crash (no clean stop recorded).
    redis_query(redis.port(), {"DEL", "t:ws:clean"});
    const auto second_last = replay_top(redis.port(), "t:");
    drop_replay(redis.port(), "t:", second_last, second_last);
    daemon_harness third(yaml);
    ws_client g(third.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    g.send(json::object{{"type", "resume"}, {"after_seq", seen}, {"ref", 7}});
    const auto out = read_resume(g, 0);
    ASSERT_TRUE(out.answer);
    EXPECT_FALSE(out.answer->at("complete").as_bool()) << "the crashed run's last message is gone";
}

}  // namespace
}  // namespace alarmd::test
