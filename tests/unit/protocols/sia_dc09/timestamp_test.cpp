#include "protocols/sia_dc09/timestamp.hpp"

#include <gtest/gtest.h>

#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace alarmd::protocols::sia_dc09::test {
namespace {

TEST(SiaDc09Timestamp, ParsesAndFormatsTheSameText) {
    for (const char* text : {"22:40:48,04-11-2021", "00:00:00,01-01-2000", "23:59:59,12-31-9999",
                             "12:00:00,02-29-2024"}) {
        const auto t = parse_timestamp(text);
        ASSERT_TRUE(t) << text;
        EXPECT_EQ(timestamp_text(*t), text);
    }
    EXPECT_EQ(parse_timestamp("16:09:09,04-14-2015"), utc(2015, 4, 14, 16, 9, 9));
}

TEST(SiaDc09Timestamp, RejectsWhatIsNotARealTime) {
    for (const char* text : {"24:00:00,01-01-2020", "12:60:00,01-01-2020", "12:00:60,01-01-2020",
                             "12:00:00,13-01-2020", "12:00:00,00-01-2020", "12:00:00,02-29-2023",
                             "12:00:00,04-31-2020", "12:00:00,01-00-2020", "1:00:00,01-01-2020",
                             "12-00-00,01-01-2020", "12:00:00 01-01-2020", "12:00:00,01/01/2020",
                             "12:00:00,01-01-20200", "12:0a:00,01-01-2020", ""}) {
        EXPECT_FALSE(parse_timestamp(text)) << text;
    }
}

TEST(SiaDc09Timestamp, FormatKeepsFourDigitYears) {
    EXPECT_EQ(timestamp_text(utc(12000, 1, 1, 0, 0, 0)), "23:59:59,12-31-9999");
    EXPECT_EQ(timestamp_text(utc(-5, 1, 1, 0, 0, 0)), "00:00:00,01-01-0000");
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09::test
