// The connection cap: a slot per open connection, given back when the connection (whoever holds
// it by then) is destroyed, also after the limit itself is gone.
#include "daemon/sys/connection_limit.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

using alarmd::sys::connection_limit;

TEST(ConnectionLimit, RefusesPastTheCapAndTakesAgainWhenOneEnds) {
    connection_limit limit(2);
    auto a = limit.try_take();
    auto b = limit.try_take();
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_FALSE(limit.try_take());
    EXPECT_EQ(limit.open(), 2u);
    a.reset();
    EXPECT_EQ(limit.open(), 1u);
    EXPECT_TRUE(limit.try_take());  // taken and given back at once
    EXPECT_EQ(limit.open(), 1u);
}

TEST(ConnectionLimit, ASlotMovesWithItsConnection) {
    connection_limit limit(1);
    auto first = limit.try_take();
    ASSERT_TRUE(first);
    connection_limit::slot moved = std::move(*first);
    first.reset();  // the moved-from slot holds nothing
    EXPECT_EQ(limit.open(), 1u);
    std::vector<connection_limit::slot> held;
    held.push_back(std::move(moved));
    EXPECT_FALSE(limit.try_take());
    held.clear();
    EXPECT_EQ(limit.open(), 0u);
}

TEST(ConnectionLimit, ALowerCapClosesNothingButRefusesNewOnes) {
    connection_limit limit(3);
    auto a = limit.try_take();
    auto b = limit.try_take();
    limit.set_max(1);
    EXPECT_FALSE(limit.try_take());
    a.reset();
    EXPECT_FALSE(limit.try_take());
    b.reset();
    EXPECT_TRUE(limit.try_take());
}

TEST(ConnectionLimit, ASlotMayOutliveTheLimit) {
    std::optional<connection_limit::slot> slot;
    {
        connection_limit limit(1);
        slot = limit.try_take();
    }
    slot.reset();  // no use after free (ASan)
}

}  // namespace
