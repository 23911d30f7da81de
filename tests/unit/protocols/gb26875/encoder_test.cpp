// Frame encoding: round trips, and the centre's confirm / deny answers byte for byte.
#include "protocols/gb26875/encoder.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "protocols/gb26875/frame.hpp"
#include "tests/unit/protocols/gb26875/test_support.hpp"

namespace alarmd::protocols::gb26875::test {
namespace {

// The control unit of doc_ex1 (device 889 -> centre 88888, serial 1, 2012-09-26 09:58:32).
control_unit device_upload() {
    const auto f = parse_frame(hex_bytes(
        "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 09 00 02 15 01"
        " 08 02 3A 09 1A 09 0C 42 23 23"));
    EXPECT_TRUE(f);
    return f->control;
}

const time_label centre_now{35, 58, 9, 26, 9, 12};  // 2012-09-26 09:58:35

TEST(Gb26875Answer, ConfirmIsTheDocumentsBytes) {
    EXPECT_EQ(hex_text(make_confirm(device_upload(), centre_now)),
              hex_text(hex_bytes("40 40 01 00 01 01 23 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00"
                                 " 00 00 00 00 00 03 AB 23 23")));
}

TEST(Gb26875Answer, DenyIsTheDocumentsBytes) {
    EXPECT_EQ(hex_text(make_deny(device_upload(), centre_now)),
              hex_text(hex_bytes("40 40 01 00 01 01 23 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00"
                                 " 00 00 00 00 00 06 AE 23 23")));
}

TEST(Gb26875Answer, EchoesSerialAndVersionAndSwapsAddresses) {
    control_unit in;
    in.serial = 0xBEEF;
    in.version_main = 0;  // the Go library's "00 01"
    in.version_user = 1;
    in.source = 0x0605'0403'0201;
    in.destination = 0x0C0B'0A09'0807;
    in.app_length = 48;
    in.cmd = command::send_data;
    const auto bytes = make_confirm(in, {});
    const auto back = parse_frame(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->control.serial, 0xBEEF);
    EXPECT_EQ(back->control.version_main, 0);
    EXPECT_EQ(back->control.version_user, 1);
    EXPECT_EQ(back->control.source, in.destination);
    EXPECT_EQ(back->control.destination, in.source);
    EXPECT_EQ(back->control.app_length, 0);
    EXPECT_EQ(back->control.cmd, command::confirm);
    EXPECT_EQ(parse_frame(make_deny(in, {}))->control.cmd, command::deny);
}

TEST(Gb26875Encode, RoundTripsEveryFieldAndAppendsOnly) {
    control_unit cu;
    cu.serial = 513;
    cu.version_main = 1;
    cu.version_user = 7;
    cu.time = {1, 2, 3, 4, 5, 99};
    cu.source = max_address;
    cu.destination = 0x0000'8000'0001;
    cu.cmd = command::response;
    const std::vector<std::uint8_t> unit = hex_bytes("19 01 03 04");
    std::vector<std::uint8_t> out{0xAA};
    ASSERT_TRUE(encode(cu, unit, out));
    ASSERT_EQ(out.size(), 1 + frame_overhead + unit.size());
    EXPECT_EQ(out[0], 0xAA);
    const auto back = parse_frame(std::span{out}.subspan(1));
    ASSERT_TRUE(back);
    cu.app_length = 4;
    EXPECT_EQ(back->control, cu);
    EXPECT_EQ(back->app_data, unit);
    std::vector<std::uint8_t> again;
    ASSERT_TRUE(encode(*back, again));
    EXPECT_EQ(again, std::vector<std::uint8_t>(out.begin() + 1, out.end()));
}

TEST(Gb26875Encode, ChecksumIsTheLowByteOfTheSum) {
    const auto confirm =
        hex_bytes("01 00 01 01 23 3A 09 1A 09 0C 38 5B 01 00 00 00 79 03 00 00 00 00 00 00 03");
    EXPECT_EQ(checksum(confirm), 0xAB);  // 0x1AB
    EXPECT_EQ(checksum({}), 0);
}

TEST(Gb26875Text, TimeLabelAndAddress) {
    EXPECT_EQ(to_text(time_label{32, 58, 9, 26, 9, 12}), "2012-09-26 09:58:32");
    EXPECT_EQ(to_text(time_label{}), "2000-00-00 00:00:00");
    EXPECT_EQ(address_text(889), "000000000379");
    EXPECT_EQ(address_text(max_address), "FFFFFFFFFFFF");
}

}  // namespace
}  // namespace alarmd::protocols::gb26875::test
