#include "protocols/sia_dc09/crc16.hpp"

#include <gtest/gtest.h>

namespace alarmd::protocols::sia_dc09 {
namespace {

TEST(SiaDc09Crc16, ArcCheckValue) {
    EXPECT_EQ(crc16_arc("123456789"), 0xBB3D);
    EXPECT_EQ(crc16_arc(""), 0x0000);
}

TEST(SiaDc09Crc16, MatchesTheBriefsExampleFrames) {
    EXPECT_EQ(crc16_arc("\"ADM-CID\"0001L0#7099[#7099|1628 01 000]"), 0xB0AC);
    EXPECT_EQ(crc16_arc("\"NAK\"0000R0L0A0[]_16:09:09,04-14-2015"), 0x3C83);
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09
