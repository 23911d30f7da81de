// Request targets: path segments and query parameters, percent-decoded, empty segments dropped.
#include "daemon/http/target.hpp"

#include <gtest/gtest.h>

namespace alarmd::http {
namespace {

TEST(Target, SplitsPathAndQuery) {
    const auto t = parse_target("/v1/incidents/inc-1/events?after=evt-9&limit=50");
    EXPECT_EQ(t.segments, (std::vector<std::string>{"v1", "incidents", "inc-1", "events"}));
    EXPECT_EQ(t.param("after"), "evt-9");
    EXPECT_EQ(t.param("limit"), "50");
    EXPECT_EQ(t.param("state", "open"), "open") << "absent: the fallback";
}

TEST(Target, DecodesPercentAndPlusAndDropsEmptySegments) {
    const auto t = parse_target("//v1//incidents/a%2Fb/?text=%E7%81%AB+%E8%AD%A6&flag&=x&k=");
    EXPECT_EQ(t.segments, (std::vector<std::string>{"v1", "incidents", "a/b"}));
    EXPECT_EQ(t.param("text"), "火 警");
    EXPECT_TRUE(t.query.contains("flag"));
    EXPECT_EQ(t.param("flag", "fallback"), "");
    EXPECT_EQ(t.param("k", "fallback"), "");
    EXPECT_FALSE(t.query.contains("")) << "a parameter without a name is ignored";
}

TEST(Target, KeepsMalformedEscapesAsWritten) {
    EXPECT_EQ(percent_decode("100%"), "100%");
    EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
    EXPECT_EQ(percent_decode("%41%42"), "AB");
    EXPECT_TRUE(parse_target("").segments.empty());
    EXPECT_TRUE(parse_target("?").query.empty());
}

}  // namespace
}  // namespace alarmd::http
