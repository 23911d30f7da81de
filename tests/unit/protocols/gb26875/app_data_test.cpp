// Application data units: sizes, status flags, component addresses and GB18030 text.
#include "protocols/gb26875/app_data.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <variant>
#include <vector>

#include "protocols/gb26875/error.hpp"
#include "protocols/gb26875/gb18030.hpp"
#include "tests/unit/protocols/gb26875/test_support.hpp"

namespace alarmd::protocols::gb26875::test {
namespace {

template <class T>
const std::vector<T>& records(const app_data& a) {
    return std::get<std::vector<T>>(a.objects);
}

TEST(Gb26875AppData, SmokeDetectorFireAlarmOfTheDocument) {
    const auto a = decode_app_data(hex_bytes(
        "02 01 01 01 28 0A 00 02 00 02 00 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20"
        " 20 20 20 20 20 20 20 20 20 20 20 00 02 3A 09 1A 09 0C"));
    ASSERT_TRUE(a) << a.error().message();
    EXPECT_EQ(a->type, app_type::component_state);
    const auto& r = records<component_state>(*a);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].system_type, system_type::fire_alarm);
    EXPECT_EQ(r[0].component_type, 40);
    EXPECT_STREQ(component_type_name(r[0].component_type), "smoke detector");
    EXPECT_EQ(r[0].address.loop(), 10);  // "2号10区"
    EXPECT_EQ(r[0].address.point(), 2);
    EXPECT_TRUE(r[0].status.fire_alarm());
    EXPECT_TRUE(r[0].status.test()) << "bit0 = 0: test by the letter, a real alarm in practice";
    EXPECT_FALSE(r[0].status.fault());
    EXPECT_EQ(r[0].description, "");
    EXPECT_EQ(to_text(r[0].time), "2012-09-26 09:58:02");
}

TEST(Gb26875AppData, StatusBitsHaveNames) {
    const component_status c{0x01FF};
    EXPECT_FALSE(c.test());
    EXPECT_TRUE(c.fire_alarm() && c.fault() && c.shielded() && c.supervisory() && c.started() &&
                c.feedback() && c.delay() && c.power_fault());
    EXPECT_FALSE(component_status{0x0100}.fire_alarm());
    EXPECT_TRUE(component_status{0x0100}.power_fault());

    const system_status s{0x2704};
    EXPECT_TRUE(s.fault() && s.main_power_fault() && s.backup_power_fault() && s.bus_fault() &&
                s.reset());
    EXPECT_FALSE(s.manual() || s.config_changed() || s.fire_alarm());
    EXPECT_TRUE(system_status{0x0800}.manual());
    EXPECT_TRUE(system_status{0x1000}.config_changed());

    EXPECT_TRUE(uitd_status{0x08}.main_power_fault());  // doc_ex2
    EXPECT_TRUE(uitd_status{0x10}.backup_power_fault());
    EXPECT_TRUE(uitd_status{0x20}.channel_fault());
    EXPECT_TRUE(uitd_status{0x40}.line_fault());
    EXPECT_FALSE(uitd_status{0x01}.test());

    EXPECT_TRUE(uitd_operation_flags{0x20}.inspection_answered());  // doc_ex3
    const operation_flags op{0x7F};
    EXPECT_TRUE(op.reset() && op.silence() && op.manual_alarm() && op.alarm_cleared() &&
                op.self_test() && op.acknowledge() && op.test());
}

TEST(Gb26875AppData, AnalogValueIsSigned) {
    const auto a =
        decode_app_data(hex_bytes("03 01 01 02 28 01 02 03 04 03 F6 FF 04 00 09 02 07 15"));
    ASSERT_TRUE(a);
    EXPECT_EQ(records<analog_value>(*a).at(0).value, -10);  // -1.0 °C
}

TEST(Gb26875AppData, CountMustMatchTheBytes) {
    EXPECT_EQ(decode_app_data(hex_bytes("01 02 01 02 04 02 04 00 09 02 07 15")).error(),
              errc::app_size);                                                        // 1 of 2
    EXPECT_EQ(decode_app_data(hex_bytes("19 01 03")).error(), errc::app_size);        // short
    EXPECT_EQ(decode_app_data(hex_bytes("19 01 03 04 05")).error(), errc::app_size);  // long
    EXPECT_EQ(decode_app_data(hex_bytes("1A 01 02 41 42 43")).error(), errc::app_size);
    EXPECT_EQ(decode_app_data(hex_bytes("1A 01")).error(), errc::app_size);
    EXPECT_EQ(decode_app_data(hex_bytes("15")).error(), errc::app_size);
    EXPECT_EQ(decode_app_data({}).error(), errc::app_size);
    const auto empty = decode_app_data(hex_bytes("02 00"));
    ASSERT_TRUE(empty);
    EXPECT_TRUE(records<component_state>(*empty).empty());
}

TEST(Gb26875AppData, UnknownTypesKeepTheirBytes) {
    const auto a = decode_app_data(hex_bytes("80 03 01 02 03"));
    ASSERT_TRUE(a);
    EXPECT_EQ(static_cast<int>(a->type), 128);
    EXPECT_EQ(a->count, 3);
    EXPECT_EQ(std::get<raw_objects>(a->objects).payload, hex_bytes("01 02 03"));
}

TEST(Gb26875AppData, LengthPrefixedTextUsesItsLength) {
    const auto a = decode_app_data(hex_bytes("1A 01 05 41 42 20 00 43"));
    ASSERT_TRUE(a);
    EXPECT_EQ(records<uitd_configuration>(*a).at(0).description, "AB");
}

TEST(Gb26875Gb18030, DecodesOneTwoAndFourByteSequences) {
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("41 D5 E2")), "A这");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("A3 C1")), "Ａ");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("81 30 81 30")), "\u0080");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("84 31 A4 39")), "\uFFFF");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("90 30 81 30")), "\U00010000");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("E3 32 9A 35")), "\U0010FFFF");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("A2 E3")), "€");
}

TEST(Gb26875Gb18030, BadSequencesBecomeReplacementCharacters) {
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("80")), "\uFFFD");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("FF 41")), "\uFFFDA");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("D5")), "\uFFFD");  // cut short
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("81 30 81")), "\uFFFD0\uFFFD");
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("84 31 A5 30")), "\uFFFD");  // unassigned four-byte
    EXPECT_EQ(gb18030_to_utf8(hex_bytes("E3 32 9A 36")), "\uFFFD");  // past U+10FFFF
}

TEST(Gb26875Gb18030, TextFieldsStopAtNulAndDropTrailingSpaces) {
    EXPECT_EQ(text_field(hex_bytes("20 41 20 20 00 42")), " A");
    EXPECT_EQ(text_field(hex_bytes("20 20 20")), "");
    EXPECT_EQ(text_field(hex_bytes("00 41")), "");
    EXPECT_EQ(text_field({}), "");
}

TEST(Gb26875TypeNames, KnownAndReservedCodes) {
    EXPECT_STREQ(system_type_name(23), "fire power supply");
    EXPECT_STREQ(system_type_name(2), "reserved");
    EXPECT_STREQ(system_type_name(200), "user defined");
    EXPECT_STREQ(component_type_name(23), "manual call point");
    EXPECT_STREQ(component_type_name(100), "reserved");
    EXPECT_STREQ(component_type_name(128), "user defined");
}

}  // namespace
}  // namespace alarmd::protocols::gb26875::test
