// Shutdown drains: a DC-09 frame whose write is still waiting on Redis when the daemon is told
// to stop gets its ACK once Redis has it (within the drain limit), instead of being dropped by a
// fixed wait; the daemon then stops by itself.
#include <gtest/gtest.h>

#include <thread>

#include "tests/integration/ingest/sia_harness.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

using namespace std::chrono_literals;
using sia::cid;
using sia::read_answer;
using sia::tcp_panel;

// Waits (bounded) until the daemon has taken `n` SIA alarms in (counted before they are stored).
bool sia_alarms_taken(int http_port, int n) {
    const std::string line = "alarmd_events_total{source=\"sia\",kind=\"alarm\"} " + std::to_string(n) + "\n";
    for (int i = 0; i < 600; ++i) {
        if (http_call(http_port, "GET", "/metrics").body.find(line) != std::string::npos) {
            return true;
        }
        std::this_thread::sleep_for(10ms);
    }
    return false;
}

TEST(SiaDrain, AFrameWaitingOnRedisAtShutdownIsAckedOnceStored) {
    redis_server redis;
    // Slow pings: a Redis paused for a second is slow, not down.
    sia::daemon daemon(sia::yaml(redis.url()),
                       [](config::config& c) { c.redis.ping_interval = 5s; });
    tcp_panel panel(daemon.tcp_port());
    panel.send(cid(1, "1110 01 003"));
    auto first = panel.next();
    ASSERT_TRUE(first);
    ASSERT_EQ(read_answer(*first).kind(), "ACK");

    redis.pause();
    panel.send(cid(2, "1110 01 004"));
    ASSERT_TRUE(sia_alarms_taken(daemon.http_port(), 2));
    std::thread stopper([&daemon] { daemon.stop(); });  // as SIGTERM: returns once drained
    std::this_thread::sleep_for(1s);  // the write waits on Redis meanwhile
    redis.resume();

    auto second = panel.next();
    stopper.join();
    ASSERT_TRUE(second) << "the frame in flight at shutdown was never answered";
    EXPECT_EQ(read_answer(*second).kind(), "ACK") << *second;
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 2);
}

}  // namespace
}  // namespace alarmd::test
