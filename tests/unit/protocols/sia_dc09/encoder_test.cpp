// ACK / NAK / DUH bytes checked against the brief's examples, the SDN *ACK vector reproduced
// byte for byte, and encrypt -> decrypt round trips with 128/192/256-bit keys.
#include "protocols/sia_dc09/encoder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace alarmd::protocols::sia_dc09::test {
namespace {

using namespace std::chrono_literals;

frame_header sdn_header(std::uint16_t seq, std::optional<std::string> receiver, std::string line) {
    frame_header h;
    h.id = "SIA-DCS";
    h.sequence = seq;
    h.receiver = std::move(receiver);
    h.line = std::move(line);
    h.account = "080027E62A64";
    return h;
}

TEST(SiaDc09Encoder, AckMinimalFormMatchesTheBrief) {
    frame_header h;
    h.id = "ADM-CID";
    h.sequence = 1;
    h.line = "0";
    h.account = "7099";
    std::string out = "kept:";
    ASSERT_TRUE(encode_ack(h, out));
    EXPECT_EQ(out, "kept:\nA62A0012\"ACK\"0001L0#7099[]\r");  // appends, never clears
}

TEST(SiaDc09Encoder, AckWithTimestampMatchesTheBrief) {
    std::string out;
    ASSERT_TRUE(encode_ack(sdn_header(1, std::nullopt, "0"), out, utc(2015, 4, 14, 16, 7, 7)));
    // SDN sends the length in lower case ("002e"); we send upper case, the CRC is the same.
    EXPECT_EQ(out, "\n2729002E\"ACK\"0001L0#080027E62A64[]_16:07:07,04-14-2015\r");
}

TEST(SiaDc09Encoder, AckEchoesReceiverCaseAsSent) {
    std::string out;
    ASSERT_TRUE(encode_ack(sdn_header(0, "c0ffd", "1234"), out));
    EXPECT_EQ(out, "\n7C830023\"ACK\"0000Rc0ffdL1234#080027E62A64[]\r");
}

TEST(SiaDc09Encoder, NakMatchesTheBriefAtReceiverTime) {
    std::string out;
    encode_nak(std::chrono::system_clock::time_point{utc(2015, 4, 14, 16, 9, 9)} + 999ms, out);
    EXPECT_EQ(out, "\n3C830025\"NAK\"0000R0L0A0[]_16:09:09,04-14-2015\r");
}

TEST(SiaDc09Encoder, DuhMatchesTheBrief) {
    std::string out;
    ASSERT_TRUE(encode_duh(sdn_header(45, "C0FFD", "1234"), out));
    EXPECT_EQ(out, "\n14140023\"DUH\"0045RC0FFDL1234#080027E62A64[]\r");
    out.clear();
    ASSERT_TRUE(encode_duh(sdn_header(45, "C0FFD", "1234"), out, utc(2015, 6, 22, 15, 56, 54)));
    EXPECT_EQ(out, "\n682E0037\"DUH\"0045RC0FFDL1234#080027E62A64[]_15:56:54,06-22-2015\r");
}

TEST(SiaDc09Encoder, EncryptedAckReproducesTheSdnVectorByteForByte) {
    // swissdotnet_ack_encrypted_1 decrypts to these 10 pad bytes + "|]_16:08:12,04-14-2015".
    const auto pad = hex_bytes("12F1C22A88EB445679DA");
    const random_source replay = [&](std::span<std::uint8_t> out) {
        ASSERT_EQ(out.size(), pad.size());
        std::copy(pad.begin(), pad.end(), out.begin());
    };
    frame_header request = sdn_header(1, "5678", "1234");
    request.encrypted = true;
    std::string out;
    ASSERT_TRUE(encode_encrypted_ack(
        request, sdn_key(), std::chrono::system_clock::time_point{utc(2015, 4, 14, 16, 8, 12)},
        replay, out));
    EXPECT_EQ(out,
              "\nE34C0062\"*ACK\"0001R5678L1234#080027E62A64[14F088FF5DCB19D1908069507EAB97C7CDB"
              "20F1C6EFA550BB59864D54B2DFA1C\r");
}

frame sample_event() {
    frame f;
    f.header = sdn_header(42, "C0FFD", "1234");
    f.body.data = "#080027E62A64|Nri1/BA001/BA002";
    f.body.extended = {{'X', "006E07.7777777"}, {'I', "caf\xc3\xa9"}};
    f.body.timestamp = utc(2024, 2, 29, 23, 59, 59);
    return f;
}

TEST(SiaDc09Encoder, PlainRoundTrip) {
    const frame f = sample_event();
    std::string out;
    ASSERT_TRUE(encode_plain(f, out));
    const decoded d = parse_datagram(out, {});
    ASSERT_TRUE(d) << to_text(d);
    EXPECT_EQ(to_text(*d), "ok " + to_text(f.header) + " " + to_text(f.body));
}

class SiaDc09EncryptRoundTrip : public ::testing::TestWithParam<std::size_t> {};

TEST_P(SiaDc09EncryptRoundTrip, EventAndAckDecryptWithTheSameKey) {
    std::vector<std::uint8_t> key(GetParam());
    for (std::size_t i = 0; i < key.size(); ++i) {
        key[i] = static_cast<std::uint8_t>(0x30 + i * 7);
    }
    const key_lookup keys = one_key("080027E62A64", key);

    frame f = sample_event();
    std::string out;
    ASSERT_TRUE(encode_encrypted(f, key, counting_random(), out));
    EXPECT_NE(out.find("\"*SIA-DCS\"0042RC0FFDL1234#080027E62A64["), std::string::npos);
    const decoded d = parse_datagram(out, keys);
    ASSERT_TRUE(d) << to_text(d);
    EXPECT_TRUE(d->header.encrypted);
    f.body.pad_size = d->body.pad_size;
    EXPECT_EQ(to_text(d->body), to_text(f.body));
    EXPECT_GE(d->body.pad_size, 1u);
    EXPECT_LE(d->body.pad_size, 16u);

    std::string ack;
    const auto now = std::chrono::system_clock::time_point{utc(2024, 3, 1, 0, 0, 5)};
    ASSERT_TRUE(encode_encrypted_ack(d->header, key, now, counting_random(), ack));
    const decoded a = parse_datagram(ack, keys);
    ASSERT_TRUE(a) << to_text(a);
    EXPECT_EQ(a->header.id, "ACK");
    EXPECT_TRUE(a->header.encrypted);
    EXPECT_EQ(a->header.sequence, 42);
    EXPECT_EQ(a->body.data, "");
    EXPECT_EQ(a->body.timestamp, utc(2024, 3, 1, 0, 0, 5));
    EXPECT_EQ(a->body.pad_size, 10u);  // 22 bytes "|]_ts" padded to 32

    // Another key of the same size must not decrypt it.
    auto other = key;
    other[0] ^= 0xFF;
    EXPECT_FALSE(parse_datagram(out, one_key("080027E62A64", other)));
}

INSTANTIATE_TEST_SUITE_P(KeySizes, SiaDc09EncryptRoundTrip, ::testing::Values(16, 24, 32),
                         [](const auto& info) { return "aes" + std::to_string(info.param * 8); });

TEST(SiaDc09Encoder, PadBytesNeverContainDelimiters) {
    const random_source hostile = [](std::span<std::uint8_t> out) {
        const std::uint8_t bad[] = {'[', ']', '|'};
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = bad[i % 3];
        }
    };
    frame f = sample_event();
    std::string out;
    ASSERT_TRUE(encode_encrypted(f, sdn_key(), hostile, out));
    const decoded d = parse_datagram(out, one_key("080027E62A64", sdn_key()));
    ASSERT_TRUE(d) << to_text(d);
    EXPECT_EQ(d->body.data, f.body.data);
}

TEST(SiaDc09Encoder, AlignedPlaintextGetsAFullPadBlock) {
    // "|" + data + "]" + "_" + 19 = 22 + data: 10 data bytes make 32, already aligned.
    frame f;
    f.header = sdn_header(1, std::nullopt, "0");
    f.body.data = "0123456789";
    f.body.timestamp = utc(2020, 1, 1, 0, 0, 0);
    std::string out;
    ASSERT_TRUE(encode_encrypted(f, sdn_key(), {}, out));
    const decoded d = parse_datagram(out, one_key("080027E62A64", sdn_key()));
    ASSERT_TRUE(d) << to_text(d);
    EXPECT_EQ(d->body.pad_size, 16u);
}

TEST(SiaDc09Encoder, EncryptedNeedsATimestampAndAValidKey) {
    frame f = sample_event();
    std::string out;
    EXPECT_EQ(encode_encrypted(f, std::vector<std::uint8_t>(20, 1), {}, out).error(),
              errc::bad_key);
    f.body.timestamp.reset();
    EXPECT_EQ(encode_encrypted(f, sdn_key(), {}, out).error(), errc::missing_timestamp);
    EXPECT_TRUE(out.empty());
}

TEST(SiaDc09Encoder, BodyTooLargeForTheLengthFieldAppendsNothing) {
    frame f = sample_event();
    f.body.data.assign(0x1000, 'x');
    std::string out;
    EXPECT_EQ(encode_plain(f, out).error(), errc::frame_too_large);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09::test
