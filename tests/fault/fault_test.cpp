// The fault run, short: alarmd and redis-server (AOF, fsync always) killed with SIGKILL every
// few seconds under DC-09 and HTTP load with retrying senders and a resuming console. Nothing
// acknowledged is lost, every stage reaches each recipient once, and the console misses nothing
// it was not told to resync over. (scripts/soak runs the same for as long as asked.)
#include <gtest/gtest.h>

#include <iostream>

#include "tests/fault/fault_run.hpp"

namespace alarmd::test::fault {
namespace {

TEST(Fault, KillsUnderLoadLoseNothingAcknowledged) {
    options o;
    o.duration = std::chrono::seconds(20);
    const auto t = run(o);
    std::cout << table(t, o);
    EXPECT_GE(t.acked, 50u) << "the load made no progress";
    EXPECT_EQ(t.lost, 0u);
    EXPECT_EQ(t.stages_delivered, t.stages_due);
    EXPECT_EQ(t.stages_doubled, 0u);
    EXPECT_GT(t.console_messages, 0u);
    EXPECT_EQ(t.console_missed, 0u);
}

}  // namespace
}  // namespace alarmd::test::fault
