// §7 response policy: which outcome is answered how, and the bytes answer() appends.
#include "protocols/sia_dc09/policy.hpp"

#include <gtest/gtest.h>

#include <map>

#include "protocols/contact_id/error.hpp"
#include "protocols/sia_dc03/error.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace alarmd::protocols::sia_dc09::test {
namespace {

using namespace std::chrono_literals;
using clock_point = std::chrono::system_clock::time_point;

TEST(SiaDc09Policy, EveryErrcHasItsSection7Answer) {
    const std::map<errc, response_kind> expected{
        {errc::bad_crc, response_kind::nak},
        {errc::bad_length, response_kind::nak},
        {errc::not_a_frame, response_kind::none},
        {errc::truncated, response_kind::none},
        {errc::frame_too_large, response_kind::none},
        {errc::bad_token, response_kind::nak},
        {errc::bad_sequence, response_kind::nak},
        {errc::bad_receiver, response_kind::nak},
        {errc::bad_line, response_kind::nak},
        {errc::bad_account, response_kind::nak},
        {errc::bad_data, response_kind::nak},
        {errc::bad_extended, response_kind::nak},
        {errc::too_many_extended, response_kind::nak},
        {errc::bad_timestamp, response_kind::nak},
        {errc::unknown_account, response_kind::nak},
        {errc::bad_key, response_kind::nak},
        {errc::bad_ciphertext, response_kind::nak},
        {errc::decrypt_failed, response_kind::nak},
        {errc::missing_timestamp, response_kind::nak},
        {errc::stale_timestamp, response_kind::nak},
        {errc::future_timestamp, response_kind::nak},
        {errc::unsupported_token, response_kind::duh},
        {errc::not_a_request, response_kind::none},
    };
    ASSERT_EQ(expected.size(), static_cast<std::size_t>(errc::not_a_request));
    for (const auto& [e, kind] : expected) {
        EXPECT_EQ(response_for(e), kind) << make_error_code(e).message();
    }
}

TEST(SiaDc09Policy, PayloadErrorsAreAnsweredWithDuh) {
    EXPECT_EQ(response_for(contact_id::errc::bad_qualifier), response_kind::duh);
    EXPECT_EQ(response_for(sia_dc03::errc::bad_code), response_kind::duh);
    EXPECT_EQ(response_for(error_code{}), response_kind::ack);
}

TEST(SiaDc09Policy, ReceiverResponsesAreNeverAnsweredEvenWhenBroken) {
    std::string ack = "\nA62A0012\"ACK\"0001L0#7099[]\r";
    EXPECT_EQ(decide(parse_datagram(ack, {}), {}), response_kind::none);
    ack[1] = 'B';  // bad CRC
    const decoded broken = parse_datagram(ack, {});
    EXPECT_EQ(reason_of(broken), errc::bad_crc);
    EXPECT_EQ(decide(broken, {}), response_kind::none);
    std::string out;
    EXPECT_EQ(answer(broken, {}, {}, {}, out), response_kind::none);
    EXPECT_TRUE(out.empty());
}

TEST(SiaDc09Policy, UnsupportedTokenGetsADuhEchoingTheHeader) {
    const decoded d = parse_datagram(wrap("\"XYZ-ABC\"0045RC0FFDL1234#080027E62A64[data]"), {});
    ASSERT_TRUE(d) << to_text(d);
    std::string out;
    EXPECT_EQ(answer(d, {}, {}, {}, out), response_kind::duh);
    EXPECT_EQ(out, "\n14140023\"DUH\"0045RC0FFDL1234#080027E62A64[]\r");
}

TEST(SiaDc09Policy, StaleMessageGetsANakAtReceiverTime) {
    const decoded d = parse_datagram(
        "\nC26E0038\"NULL\"0000RC0FFDL1234#080027E62A64[]_13:40:27,06-22-2015\r", {});
    ASSERT_TRUE(d);
    const clock_point now{utc(2015, 6, 22, 13, 41, 8)};  // 41 s later
    std::string out;
    EXPECT_EQ(answer(d, now, {}, {}, out), response_kind::nak);
    EXPECT_EQ(out, wrap("\"NAK\"0000R0L0A0[]_13:41:08,06-22-2015"));
    out.clear();
    EXPECT_EQ(answer(d, now - 1s, {}, {}, out), response_kind::ack);
}

TEST(SiaDc09Policy, EncryptedRequestGetsAnEncryptedAck) {
    const std::string frame =
        "\nCAC10064\"*NULL\"0000RC0FFDL1234#080027E62A64[70D7DC480FA7DC0DE428CE02447BA2E2981A16"
        "1EA14CB780D2CD917208059E11\r";
    const key_lookup keys = one_key("080027E62A64", sdn_key());
    const decoded d = parse_datagram(frame, keys);
    ASSERT_TRUE(d) << to_text(d);
    const clock_point now{utc(2015, 6, 22, 13, 43, 9)};
    std::string out;
    ASSERT_EQ(answer(d, now, keys, counting_random(), out), response_kind::ack);
    EXPECT_NE(out.find("\"*ACK\"0000RC0FFDL1234#080027E62A64["), std::string::npos) << out;

    // If the key is gone by the time of the answer, a NAK goes out instead of a plain ACK.
    out.clear();
    EXPECT_EQ(answer(d, now, {}, counting_random(), out), response_kind::nak);
    EXPECT_NE(out.find("\"NAK\""), std::string::npos);
}

TEST(SiaDc09Policy, KindNames) {
    EXPECT_EQ(name(response_kind::none), "none");
    EXPECT_EQ(name(response_kind::ack), "ACK");
    EXPECT_EQ(name(response_kind::nak), "NAK");
    EXPECT_EQ(name(response_kind::duh), "DUH");
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09::test
