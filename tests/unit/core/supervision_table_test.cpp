// Supervision bookkeeping with explicit time: silence past the interval is one fault, the next
// message restores it, intervals and the device list follow reloads.
#include "daemon/core/supervision_table.hpp"

#include <gtest/gtest.h>

namespace alarmd::core {
namespace {

using namespace std::chrono_literals;
using strings = std::vector<std::string>;
const supervision_table::clock::time_point t0{};

TEST(SiaSupervisionTable, SilencePastTheIntervalIsOneFault) {
    supervision_table t;
    t.watch("a", 10s, t0);
    t.watch("b", 30s, t0);
    EXPECT_EQ(t.next_deadline(), t0 + 10s);
    EXPECT_TRUE(t.expire(t0 + 9s).empty());
    EXPECT_EQ(t.expire(t0 + 10s), strings{"a"});
    EXPECT_TRUE(t.in_fault("a"));
    EXPECT_TRUE(t.expire(t0 + 20s).empty());  // once per silence
    EXPECT_EQ(t.next_deadline(), t0 + 30s);
}

TEST(SiaSupervisionTable, MessagesKeepItQuietAndRestoreAFault) {
    supervision_table t;
    t.watch("a", 10s, t0);
    EXPECT_FALSE(t.touch("a", t0 + 8s));
    EXPECT_TRUE(t.expire(t0 + 12s).empty());
    EXPECT_EQ(t.expire(t0 + 18s), strings{"a"});
    EXPECT_TRUE(t.touch("a", t0 + 20s));  // restore
    EXPECT_FALSE(t.in_fault("a"));
    EXPECT_EQ(t.next_deadline(), t0 + 30s);
    EXPECT_FALSE(t.touch("unknown", t0));
}

TEST(SiaSupervisionTable, AFaultFoundAtStartIsNotRaisedAgain) {
    supervision_table t;
    t.watch("a", 10s, t0);
    t.mark_fault("a");
    EXPECT_TRUE(t.in_fault("a"));
    EXPECT_FALSE(t.next_deadline());
    EXPECT_TRUE(t.expire(t0 + 1h).empty());
    EXPECT_TRUE(t.touch("a", t0 + 1h));
    EXPECT_EQ(t.next_deadline(), t0 + 1h + 10s);
}

TEST(SiaSupervisionTable, ReloadChangesIntervalsAndDevices) {
    supervision_table t;
    t.watch("a", 10s, t0);
    EXPECT_FALSE(t.touch("a", t0 + 5s));
    t.watch("a", 60s, t0 + 6s);  // silence still counts from t0 + 5s
    EXPECT_EQ(t.next_deadline(), t0 + 65s);
    t.unwatch("a");
    EXPECT_FALSE(t.next_deadline());
    EXPECT_TRUE(t.devices().empty());
}

}  // namespace
}  // namespace alarmd::core
