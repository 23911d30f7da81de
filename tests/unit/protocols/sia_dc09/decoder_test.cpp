// Stream decoder: chunking independence, resynchronisation after garbage, buffer bounds and the
// body-size limit at max and max + 1, binary CRC framing.
#include "protocols/sia_dc09/decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "protocols/sia_dc09/policy.hpp"
#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace alarmd::protocols::sia_dc09::test {
namespace {

using namespace std::string_literals;

const std::string null_frame =
    "\nC26E0038\"NULL\"0000RC0FFDL1234#080027E62A64[]_13:40:27,06-22-2015\r";
const std::string cid_frame = "\nB0AC0027\"ADM-CID\"0001L0#7099[#7099|1628 01 000]\r";
const std::string encrypted_frame =
    "\nE88800a7\"*SIA-DCS\"0000RC0FFDL1234#080027E62A64[A054F111518361720BAB126501C6D994CD9151"
    "D2C84881C0FEA933A0790F49A9236EBD45F2AED32FAA252EB1AA18FC3CDEDE2452F33185E5931D31308D9B98"
    "82\r";

std::vector<std::string> drain(decoder& dec) {
    std::vector<std::string> out;
    while (auto d = dec.next()) {
        out.push_back(to_text(*d));
    }
    return out;
}

// Feeds `bytes` in chunks of `chunk`, draining after each feed as a session would.
std::vector<std::string> decode_all(const std::string& bytes, std::size_t chunk,
                                    key_lookup keys = {}, limits lim = {}) {
    decoder dec{std::move(keys), lim};
    std::vector<std::string> out;
    std::string_view rest = bytes;
    while (!rest.empty()) {
        const std::size_t n = dec.feed(rest.substr(0, chunk));
        rest.remove_prefix(n);
        auto got = drain(dec);
        out.insert(out.end(), got.begin(), got.end());
    }
    return out;
}

TEST(SiaDc09Decoder, ByteAtATimeGivesTheSameFramesAsOneChunk) {
    const std::string stream =
        "junk" + null_frame + "\0\0"s + cid_frame + "\r\r" + encrypted_frame + "\n\n" + null_frame;
    const key_lookup keys = one_key("080027E62A64", sdn_key());
    const auto whole = decode_all(stream, stream.size(), keys);
    ASSERT_EQ(whole.size(), 4u);
    for (const std::string& f : whole) {
        EXPECT_TRUE(f.starts_with("ok ")) << f;
    }
    for (const std::size_t chunk : {1u, 2u, 3u, 7u, 64u}) {
        EXPECT_EQ(decode_all(stream, chunk, keys), whole) << "chunk " << chunk;
    }
}

TEST(SiaDc09Decoder, GarbageThenValidFrameResynchronises) {
    const std::string stream = "this is not a parsable event\r" + std::string("\x01\xff\r", 3) +
                               "SR0001L0001    006969XX    [ID00000000]" + cid_frame;
    const auto frames = decode_all(stream, 1);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0], to_text(parse_datagram(cid_frame, {})));
}

TEST(SiaDc09Decoder, FrameCutShortByANewLfIsDroppedSilently) {
    const std::string stream = null_frame.substr(0, 30) + cid_frame;
    const auto frames = decode_all(stream, 1);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(frames[0].find("ADM-CID") != std::string::npos) << frames[0];
}

TEST(SiaDc09Decoder, ShortLineIsTruncatedAndGetsNoAnswer) {
    decoder dec;
    ASSERT_EQ(dec.feed("\nAB\r" + cid_frame), 4 + cid_frame.size());
    auto first = dec.next();
    ASSERT_TRUE(first);
    EXPECT_EQ(reason_of(*first), errc::truncated);
    EXPECT_EQ(decide(*first, {}), response_kind::none);
    auto second = dec.next();
    ASSERT_TRUE(second);
    EXPECT_TRUE(*second) << to_text(*second);
    EXPECT_FALSE(dec.next());
}

TEST(SiaDc09Decoder, TrailingNulsAfterCrAreIgnored) {
    const auto frames = decode_all(cid_frame + std::string(5, '\0'), 1);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(frames[0].starts_with("ok ")) << frames[0];
}

TEST(SiaDc09Decoder, NeedsMoreUntilTheClosingCr) {
    decoder dec;
    ASSERT_EQ(dec.feed(std::string_view{cid_frame}.substr(0, cid_frame.size() - 1)),
              cid_frame.size() - 1);
    EXPECT_FALSE(dec.next());
    EXPECT_EQ(dec.buffered(), cid_frame.size() - 1);
    ASSERT_EQ(dec.feed("\r"), 1u);
    auto d = dec.next();
    ASSERT_TRUE(d);
    EXPECT_TRUE(*d);
    EXPECT_EQ(dec.buffered(), 0u);
}

TEST(SiaDc09Decoder, CapacityIsFramingPlusMaxBody) {
    EXPECT_EQ(decoder{}.capacity(), 0xFFFu + 10);
    EXPECT_EQ((decoder{{}, limits{.max_body_size = 40}}).capacity(), 50u);
    // The length field cannot say more than 0xFFF, so a larger limit changes nothing.
    EXPECT_EQ((decoder{{}, limits{.max_body_size = 100000}}).capacity(), 0xFFFu + 10);
}

// A valid SIA-DCS frame whose body is exactly `size` bytes.
std::string frame_with_body_size(std::size_t size) {
    const std::string head = "\"SIA-DCS\"0001L0#1234[";
    return wrap(head + std::string(size - head.size() - 1, 'x') + "]");
}

TEST(SiaDc09Decoder, BodyAtTheLimitDecodes) {
    const limits lim{.max_body_size = 64};
    const auto frames = decode_all(frame_with_body_size(64), 1, {}, lim);
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_TRUE(frames[0].starts_with("ok ")) << frames[0];
}

TEST(SiaDc09Decoder, BodyOverTheLimitIsRejectedAndTheNextFrameStillDecodes) {
    const limits lim{.max_body_size = 64};
    const std::string stream = frame_with_body_size(65) + frame_with_body_size(64);
    for (const std::size_t chunk : {1u, 5u, 1000u}) {
        decoder dec{{}, lim};
        std::vector<decoded> got;
        std::string_view rest = stream;
        while (!rest.empty()) {
            rest.remove_prefix(dec.feed(rest.substr(0, chunk)));
            while (auto d = dec.next()) {
                got.push_back(std::move(*d));
            }
        }
        ASSERT_EQ(got.size(), 2u) << "chunk " << chunk;
        EXPECT_EQ(reason_of(got[0]), errc::frame_too_large);
        EXPECT_EQ(decide(got[0], {}), response_kind::none);
        EXPECT_TRUE(got[1]) << to_text(got[1]);
    }
}

TEST(SiaDc09Decoder, DefaultLimitAcceptsTheLargestExpressibleBody) {
    const auto at_max = decode_all(frame_with_body_size(0xFFF), 1);
    ASSERT_EQ(at_max.size(), 1u);
    EXPECT_TRUE(at_max[0].starts_with("ok ")) << at_max[0].substr(0, 80);

    decoder dec;
    const std::string over = frame_with_body_size(0x1000);
    std::size_t taken = dec.feed(over);
    EXPECT_EQ(taken, dec.capacity());  // the buffer never grows past its capacity
    auto d = dec.next();
    ASSERT_TRUE(d);
    EXPECT_EQ(reason_of(*d), errc::frame_too_large);
}

TEST(SiaDc09Decoder, FeedTakesOnlyWhatFitsAndNextAlwaysMakesRoom) {
    decoder dec{{}, limits{.max_body_size = 20}};
    const std::string garbage(500, 'g');
    std::string_view rest = garbage;
    int rounds = 0;
    while (!rest.empty() && rounds++ < 100) {
        const std::size_t n = dec.feed(rest);
        EXPECT_LE(n, dec.capacity());
        rest.remove_prefix(n);
        EXPECT_FALSE(dec.next());  // garbage without LF: dropped, nothing to report
        EXPECT_EQ(dec.buffered(), 0u);
    }
    EXPECT_TRUE(rest.empty());
}

TEST(SiaDc09Decoder, AsksTheKeyLookupForTheAccountAsSent) {
    std::vector<std::string> asked;
    const key_lookup keys =
        [&](std::string_view account) -> std::optional<std::vector<std::uint8_t>> {
        asked.emplace_back(account);
        return sdn_key();
    };
    const auto frames = decode_all(encrypted_frame + cid_frame, 3, keys);
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(asked, std::vector<std::string>{"080027E62A64"});  // plain frames need no key
}

TEST(SiaDc09Decoder, EncryptedFrameWithoutKeyLookupIsUnknownAccount) {
    decoder dec;
    ASSERT_EQ(dec.feed(encrypted_frame), encrypted_frame.size());
    auto d = dec.next();
    ASSERT_TRUE(d);
    EXPECT_EQ(reason_of(*d), errc::unknown_account);
    ASSERT_TRUE(header_of(*d));
    EXPECT_EQ(header_of(*d)->account, "080027E62A64");
    EXPECT_EQ(decide(*d, {}), response_kind::nak);
}

// Lupusec sends the CRC as 2 raw bytes. Pick a sequence number whose CRC contains CR or LF, so
// the framing must not take that byte for the end or the start of a frame.
TEST(SiaDc09Decoder, BinaryCrcWithCrOrLfBytesIsFramedByItsPosition) {
    std::string body;
    std::uint16_t crc = 0;
    for (int seq = 0; seq < 10000; ++seq) {
        body = "\"ADM-CID\"" + seq_text(static_cast<std::uint16_t>(seq)) +
               "L0#7099[#7099|1130 01 015]";
        crc = crc16_arc(body);
        const char hi = static_cast<char>(crc >> 8);
        const char lo = static_cast<char>(crc & 0xFF);
        if (hi == '\r' || hi == '\n' || lo == '\r' || lo == '\n') {
            break;
        }
    }
    char len[8];
    std::snprintf(len, sizeof len, "%04X", static_cast<unsigned>(body.size()));
    const std::string frame = "\n" + std::string{static_cast<char>(crc >> 8)} +
                              std::string{static_cast<char>(crc & 0xFF)} + len + body + "\r";
    const auto stream = decode_all("xx" + frame + cid_frame, 1);
    ASSERT_EQ(stream.size(), 2u);
    EXPECT_TRUE(stream[0].starts_with("ok ")) << stream[0];
    EXPECT_NE(stream[0].find("crc=bin"), std::string::npos);
    EXPECT_EQ(stream[0], to_text(parse_datagram(frame, {})));

    // The answer uses the same CRC form (as IOB does for Lupusec).
    const decoded d = parse_datagram(frame, {});
    std::string out;
    ASSERT_EQ(answer(d, {}, {}, {}, out), response_kind::ack);
    const decoded ack = parse_datagram(out, {});
    ASSERT_TRUE(ack) << to_text(ack);
    EXPECT_EQ(ack->header.crc, crc_format::binary);
    EXPECT_EQ(ack->header.id, "ACK");
    EXPECT_EQ(ack->header.sequence, d->header.sequence);
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09::test
