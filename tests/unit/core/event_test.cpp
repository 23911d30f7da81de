#include "daemon/core/event.hpp"

#include <gtest/gtest.h>

#include "daemon/core/id_generator.hpp"

namespace alarmd::core {
namespace {

using namespace std::chrono_literals;

TEST(EventTime, FormatsRfc3339WithMilliseconds) {
    const auto t = time_point{} + 1795503500123ms;
    EXPECT_EQ(format_time(t), "2026-11-24T06:58:20.123Z");
}

TEST(EventTime, ParsesZuluOffsetsAndFractions) {
    EXPECT_EQ(parse_time("2026-11-24T06:58:20.123Z"), time_point{} + 1795503500123ms);
    EXPECT_EQ(parse_time("2026-11-24T14:58:20+08:00"), time_point{} + 1795503500000ms);
    EXPECT_EQ(parse_time("2026-11-24T06:58:20.1Z"), time_point{} + 1795503500100ms);
    EXPECT_EQ(parse_time("2026-11-24T06:58:20.123456Z"), time_point{} + 1795503500123ms);
}

TEST(EventTime, RejectsMalformed) {
    for (auto bad : {"", "2026-11-24", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                     "2026-11-24T06:58:20", "2026-11-24T06:58:20.Z", "2026-11-24T25:00:00Z",
                     "2026-11-24T06:58:20Zjunk", "abcd-ef-ghTij:kl:mnZ"}) {
        EXPECT_FALSE(parse_time(bad)) << bad;
    }
}

TEST(EventNames, RoundTrip) {
    for (auto name : {"fire", "perimeter", "intercom_emergency", "hotline_call", "test"}) {
        auto c = parse_category(name);
        ASSERT_TRUE(c) << name;
        EXPECT_EQ(to_string(*c), name);
    }
    EXPECT_FALSE(parse_category("smoke"));
    EXPECT_EQ(to_string(*parse_event_kind("fault_restore")), "fault_restore");
    EXPECT_EQ(to_string(source::operator_), "operator");
}

TEST(EventRaw, EscapesControlAndNonAsciiBytes) {
    EXPECT_EQ(escape_raw(std::string("a\nb\\\x01\xff", 6)), "a\\x0ab\\\\\\x01\\xff");
    EXPECT_EQ(escape_raw("abcdef", 3), "abc...");
}

TEST(IdGenerator, MonotonicEvenWhenTheClockStepsBack) {
    id_generator g;
    const auto t = time_point{} + 5000ms;
    EXPECT_EQ(g.next("inc", t), "inc-5000-0");
    EXPECT_EQ(g.next("inc", t), "inc-5000-1");
    EXPECT_EQ(g.next("inc", t - 1s), "inc-5000-2");
    EXPECT_EQ(g.next("evt", t + 1ms), "evt-5001-0");
}

TEST(EventTime, FormattedTimesReadBackTheSameOnBothSidesOfTheEpoch) {
    for (const auto* text : {"1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z",
                             "2000-02-29T12:00:00.001Z", "2026-11-24T06:58:20.123Z",
                             "2200-12-31T23:59:59.999Z", "1900-01-01T00:00:00.000Z"}) {
        auto t = parse_time(text);
        ASSERT_TRUE(t) << text;
        EXPECT_EQ(format_time(*t), text);
    }
    // Outside 1900-2200 the clock cannot hold it: refused, not wrapped around.
    EXPECT_FALSE(parse_time("9999-12-31T23:59:59.999Z"));
    EXPECT_FALSE(parse_time("0001-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace alarmd::core
