// Retried sequence numbers: the same message again is ACKed without a second event once the
// first is durable; while the first is being stored the retry waits for it; a first copy that
// was not stored is forgotten so the retry is ingested.
#include "daemon/ingest/net/retry_cache.hpp"
#include "daemon/ingest/sia/events.hpp"

#include <gtest/gtest.h>

namespace alarmd::ingest {
namespace {

using state = retry_cache::state;
using namespace std::chrono_literals;

const retry_cache::clock::time_point t0{};

protocols::sia_dc09::frame frame(std::string data) {
    protocols::sia_dc09::frame f;
    f.header.id = "ADM-CID";
    f.body.data = std::move(data);
    return f;
}

TEST(SiaRetryCache, DigestIgnoresTimestampAndPad) {
    auto a = frame("#1234|1110 01 003");
    auto b = a;
    b.body.timestamp = std::chrono::sys_seconds{std::chrono::seconds{1}};
    b.body.pad_size = 7;
    EXPECT_EQ(sia_frame_digest(a), sia_frame_digest(b));
    EXPECT_NE(sia_frame_digest(a), sia_frame_digest(frame("#1234|1110 01 004")));
    auto x = a;
    x.body.extended.push_back({'I', "text"});
    EXPECT_NE(sia_frame_digest(a), sia_frame_digest(x));
}

TEST(SiaRetryCache, DurableFirstCopyMakesTheRetryAnAck) {
    retry_cache c;
    EXPECT_EQ(c.begin("1234", 5, 99, t0), state::fresh);
    c.finish("1234", 5, 99, true, t0);
    EXPECT_EQ(c.begin("1234", 5, 99, t0 + 10s), state::durable);
    // Another sequence, another content, another account: new messages.
    EXPECT_EQ(c.begin("1234", 6, 99, t0 + 10s), state::fresh);
    EXPECT_EQ(c.begin("1234", 5, 98, t0 + 10s), state::fresh);
    EXPECT_EQ(c.begin("5678", 5, 99, t0 + 10s), state::fresh);
}

TEST(SiaRetryCache, RetryWhileStoringWaitsForTheFirst) {
    retry_cache c;
    ASSERT_EQ(c.begin("1234", 5, 99, t0), state::fresh);
    std::optional<bool> heard;
    EXPECT_EQ(c.begin("1234", 5, 99, t0, [&](bool d) { heard = d; }), state::pending);
    EXPECT_FALSE(heard);
    c.finish("1234", 5, 99, true, t0);
    EXPECT_EQ(heard, true);
}

TEST(SiaRetryCache, NotDurableIsForgotten) {
    retry_cache c;
    ASSERT_EQ(c.begin("1234", 5, 99, t0), state::fresh);
    std::optional<bool> heard;
    ASSERT_EQ(c.begin("1234", 5, 99, t0, [&](bool d) { heard = d; }), state::pending);
    c.finish("1234", 5, 99, false, t0);
    EXPECT_EQ(heard, false);
    EXPECT_EQ(c.begin("1234", 5, 99, t0 + 1s), state::fresh);
}

TEST(SiaRetryCache, BoundedPerAccountAndInTime) {
    retry_cache c({4, 60s});
    for (std::uint16_t s = 0; s < 6; ++s) {
        ASSERT_EQ(c.begin("1234", s, 1, t0), state::fresh);
        c.finish("1234", s, 1, true, t0);
    }
    EXPECT_EQ(c.size(), 4u);
    EXPECT_EQ(c.begin("1234", 0, 1, t0), state::fresh);  // evicted
    c.finish("1234", 0, 1, true, t0);
    EXPECT_EQ(c.begin("1234", 5, 1, t0 + 30s), state::durable);
    EXPECT_EQ(c.begin("1234", 5, 1, t0 + 61s), state::fresh);  // forgotten after `keep`
}

}  // namespace
}  // namespace alarmd::ingest
