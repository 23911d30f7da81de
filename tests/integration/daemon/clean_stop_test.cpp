// A stop (SIGTERM) while senders keep posting on keep-alive connections: once the daemon has
// begun to drain it takes no further request (503, Retry-After, the connection closed), so the
// clean-stop mark it writes is the last seq in the replay log and the next start resumes
// consoles across the restart instead of treating it as a crash.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/replay_log.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

struct poster_result {
    int accepted = 0;
    std::vector<http_reply> refusals;  // answers other than 202
};

// Posts fire alarms over one keep-alive connection until an answer is not 202 or the
// connection is gone.
void post_until_refused(int port, int zone, std::atomic<int>& accepted, poster_result& out) {
    const std::string body = R"({"device":"panel-b3","zone":"00)" + std::to_string(zone) +
                             R"(","category":"fire","code":"E110"})";
    try {
        http_connection c(port);
        for (;;) {
            auto r = c.call("POST", "/v1/events", body, "tok-gw");
            if (r.status != 202) {
                out.refusals.push_back(std::move(r));
                return;
            }
            ++out.accepted;
            ++accepted;
        }
    } catch (const std::exception&) {
        // Closed by the stop: what was answered 202 before is what counts.
    }
}

TEST(CleanStop, RequestsOnOpenConnectionsAreRefusedAndTheMarkIsTheLastSeq) {
    redis_server redis;
    daemon_harness daemon(test_config_yaml(redis.url()));
    std::atomic<int> accepted{0};
    std::vector<poster_result> results(3);
    std::vector<std::thread> posters;
    for (int i = 0; i < 3; ++i) {
        posters.emplace_back(post_until_refused, daemon.port(), 3 + i, std::ref(accepted),
                             std::ref(results[static_cast<std::size_t>(i)]));
    }
    // A keep-alive connection that is idle when the stop begins.
    http_connection idle(daemon.port());
    const std::string fire = R"({"device":"panel-b3","zone":"003","category":"fire"})";
    ASSERT_EQ(idle.call("POST", "/v1/events", fire, "tok-gw").status, 202);
    while (accepted < 300) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::thread stopper([&daemon] { daemon.stop(); });  // drains while the posters keep sending
    // The stop has begun once new connections are refused (the drain lasts 100 ms at least).
    for (;;) {
        try {
            http_call(daemon.port(), "GET", "/healthz");
        } catch (const std::exception&) {
            break;
        }
    }
    const auto refusal = idle.call("POST", "/v1/events", fire, "tok-gw");
    EXPECT_EQ(refusal.status, 503) << refusal.body;
    EXPECT_NE(refusal.body.find("alarmd is stopping"), std::string::npos) << refusal.body;
    EXPECT_EQ(refusal.headers.at("retry-after"), "5");
    EXPECT_EQ(refusal.headers.at("connection"), "close");
    stopper.join();
    for (auto& t : posters) {
        t.join();
    }
    // The posters' requests in progress at the stop were answered, then their connections
    // closed; any later one got the same 503.
    for (const auto& r : results) {
        EXPECT_GT(r.accepted, 0);
        for (const auto& reply : r.refusals) {
            EXPECT_EQ(reply.status, 503) << reply.body;
        }
    }

    const auto last = replay_top(redis.port(), "t:");
    ASSERT_GT(last, 0U);
    EXPECT_EQ(redis_query(redis.port(), {"GET", "t:ws:clean"}).str, std::to_string(last))
        << "the clean-stop mark is the last seq published (nothing taken after it)";
}

}  // namespace
}  // namespace alarmd::test
