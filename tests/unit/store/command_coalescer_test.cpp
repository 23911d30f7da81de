#include "daemon/store/command_coalescer.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace alarmd::store {
namespace {

using commands = std::vector<redis_command>;

TEST(CommandCoalescer, AppendsAndHeadsOfOneBatchBecomeOneCommandEach) {
    // What a storm batch of two events into one incident asks for (stream appends never fold).
    const auto out = coalesce({{"XADD", "ws:replay", "7-0", "m", "m7"},
                               {"XADD", "events", "*", "json", "e7"},
                               {"RPUSH", "incident:1:events", "e7"},
                               {"HSET", "incident:1", "head", "h7", "z:p/1", "zone1"},
                               {"XADD", "ws:replay", "8-0", "m", "m8"},
                               {"XADD", "events", "*", "json", "e8"},
                               {"RPUSH", "incident:1:events", "e8"},
                               {"HSET", "incident:1", "head", "h8", "z:p/2", "zone2"}});
    EXPECT_EQ(out.commands, (commands{{"XADD", "ws:replay", "7-0", "m", "m7"},
                                      {"XADD", "events", "*", "json", "e7"},
                                      {"RPUSH", "incident:1:events", "e7", "e8"},
                                      {"HSET", "incident:1", "head", "h8", "z:p/1", "zone1",
                                       "z:p/2", "zone2"},
                                      {"XADD", "ws:replay", "8-0", "m", "m8"},
                                      {"XADD", "events", "*", "json", "e8"}}));
    EXPECT_EQ(out.origin, (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 2, 3}));
}

TEST(CommandCoalescer, PlainZaddsOfAKeyBecomeOne) {
    const auto out = coalesce({{"ZADD", "stages", "100", "a"},
                               {"SET", "other", "x"},
                               {"ZADD", "stages", "200", "b"}});
    EXPECT_EQ(out.commands, (commands{{"ZADD", "stages", "100", "a", "200", "b"},
                                      {"SET", "other", "x"}}));
    EXPECT_EQ(out.origin, (std::vector<std::size_t>{0, 1, 0}));
}

TEST(CommandCoalescer, ACommandOnTheSameKeyEndsTheFold) {
    const auto out = coalesce({{"RPUSH", "l", "a"},
                               {"LTRIM", "l", "-1000", "-1"},
                               {"RPUSH", "l", "b"},
                               {"RPUSH", "other", "x"},
                               {"RPUSH", "l", "c"}});
    EXPECT_EQ(out.commands, (commands{{"RPUSH", "l", "a"},
                                      {"LTRIM", "l", "-1000", "-1"},
                                      {"RPUSH", "l", "b", "c"},
                                      {"RPUSH", "other", "x"}}));
    EXPECT_EQ(out.origin, (std::vector<std::size_t>{0, 1, 2, 3, 2}));
}

TEST(CommandCoalescer, AnUnknownCommandEndsEveryFold) {
    const auto out = coalesce({{"RPUSH", "l", "a"},
                               {"EVAL", "return redis.call('RPUSH', KEYS[1], 'x')", "1", "l"},
                               {"RPUSH", "l", "b"},
                               {"DEL", "l", "m"},
                               {"RPUSH", "l", "c"}});
    EXPECT_EQ(out.commands.size(), 5u) << "nothing folds across EVAL or a multi-key DEL";
    EXPECT_EQ(out.origin, (std::vector<std::size_t>{0, 1, 2, 3, 4}));
}

TEST(CommandCoalescer, FlaggedZaddsAndDifferentCommandsOnAKeyAreNotFolded) {
    const auto out = coalesce({{"ZADD", "stages", "NX", "100", "a"},
                               {"ZADD", "stages", "NX", "200", "b"},
                               {"ZADD", "z", "1", "a"},
                               {"RPUSH", "z", "x"},
                               {"ZADD", "z", "2", "b"}});
    EXPECT_EQ(out.commands.size(), 5u);
    EXPECT_EQ(out.commands[1], (redis_command{"ZADD", "stages", "NX", "200", "b"}));
}

TEST(CommandCoalescer, MalformedCommandsPassThroughUntouched) {
    // Redis answers these with an arity error; folding them would hide whose error it is.
    const auto out = coalesce({{"HSET", "h", "f"}, {"HSET", "h", "f", "v"}, {"RPUSH", "l"},
                               {"RPUSH", "l", "a"}, {"PING"}});
    EXPECT_EQ(out.commands, (commands{{"HSET", "h", "f"}, {"HSET", "h", "f", "v"}, {"RPUSH", "l"},
                                      {"RPUSH", "l", "a"}, {"PING"}}));
}

TEST(CommandCoalescer, LowerCaseNamesFoldLikeUpperCase) {
    const auto out = coalesce({{"rpush", "l", "a"}, {"RPUSH", "l", "b"}});
    EXPECT_EQ(out.commands, (commands{{"rpush", "l", "a", "b"}}));
}

}  // namespace
}  // namespace alarmd::store
