// GB/T 26875.3 points: the receiver's zone ids and the config's `points:` keys agree.
#include "daemon/config/point_id.hpp"

#include <gtest/gtest.h>

namespace alarmd::config {
namespace {

TEST(PointId, ComponentAndSystemForms) {
    EXPECT_EQ(point_id(1, 0x00020003), "1/0x00020003");
    EXPECT_EQ(point_id(255, 0xFFFFFFFF), "255/0xFFFFFFFF");
    EXPECT_EQ(system_point_id(0), "0");
}

TEST(PointId, LooseKeysBecomeTheCanonicalForm) {
    EXPECT_EQ(canonical_point_id("1/0x00020003"), "1/0x00020003");
    EXPECT_EQ(canonical_point_id("1/0x20003"), "1/0x00020003");
    EXPECT_EQ(canonical_point_id("01/0X00020003"), "1/0x00020003");
    EXPECT_EQ(canonical_point_id("1/131075"), "1/0x00020003");
    EXPECT_EQ(canonical_point_id("7"), "7");
}

TEST(PointId, OtherKeysAreRefused) {
    for (const char* bad : {"", "/1", "1/", "256/1", "-1/1", "1/0x", "1/0x100000000", "1/2/3",
                            "a/1", "1/zz", " 1/1"}) {
        EXPECT_FALSE(canonical_point_id(bad)) << bad;
    }
}

}  // namespace
}  // namespace alarmd::config
