// One test per decoder errc (validate()'s errors are in validate_test.cpp), the UDP one-shot
// path, and what a rejection still carries.
#include "protocols/sia_dc09/frame_parser.hpp"

#include <gtest/gtest.h>

#include <string>

#include <boost/system/system_error.hpp>

#include "protocols/common/aes_cbc.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/hex.hpp"
#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace alarmd::protocols::sia_dc09::test {
namespace {

const std::string cid_frame = "\nB0AC0027\"ADM-CID\"0001L0#7099[#7099|1628 01 000]\r";

error_code reason(const std::string& datagram, const key_lookup& keys = {},
                  const limits& lim = {}) {
    return reason_of(parse_datagram(datagram, keys, lim));
}

// A '*SIA-DCS' frame for account 1234 whose encrypted field is hex(AES(plaintext)).
std::string encrypted_frame(std::string_view plaintext, const std::vector<std::uint8_t>& key) {
    const std::vector<std::uint8_t> bytes(plaintext.begin(), plaintext.end());
    const auto cipher = common::aes_cbc_encrypt(key, common::aes_iv{}, bytes);
    EXPECT_TRUE(cipher);
    std::string hex;
    detail::append_hex(*cipher, hex);
    return wrap("\"*SIA-DCS\"0001L0#1234[" + hex);
}

TEST(SiaDc09FrameParser, BadCrc) {
    std::string f = cid_frame;
    f[1] = 'C';
    EXPECT_EQ(reason(f), errc::bad_crc);
    f = cid_frame;
    f[2] = 'G';  // not hex
    EXPECT_EQ(reason(f), errc::bad_crc);
}

TEST(SiaDc09FrameParser, BadLength) {
    std::string f = cid_frame;
    f[8] = '8';
    EXPECT_EQ(reason(f), errc::bad_length);
    f = cid_frame;
    f[5] = '1';  // first digit must be '0'
    EXPECT_EQ(reason(f), errc::bad_length);
}

TEST(SiaDc09FrameParser, CrcOrLengthErrorStillCarriesHeaderAndBody) {
    std::string f = cid_frame;
    f[1] = 'C';
    const decoded d = parse_datagram(f, {});
    ASSERT_FALSE(d);
    const rejection r = d.error();
    ASSERT_TRUE(r.header);
    EXPECT_EQ(r.header->id, "ADM-CID");
    EXPECT_EQ(r.header->account, "7099");
    ASSERT_TRUE(r.body);
    EXPECT_EQ(r.body->data, "#7099|1628 01 000");
}

TEST(SiaDc09FrameParser, ValueOnARejectionThrowsItsReason) {
    const decoded d = parse_datagram("garbage", {});
    try {
        (void)d.value();
        ADD_FAILURE() << "no throw";
    } catch (const boost::system::system_error& e) {
        EXPECT_EQ(e.code(), errc::not_a_frame);
    }
}

TEST(SiaDc09FrameParser, NotAFrame) {
    EXPECT_EQ(reason("this is not a parsable event"), errc::not_a_frame);
    EXPECT_EQ(reason(cid_frame.substr(1)), errc::not_a_frame);                        // no LF
    EXPECT_EQ(reason(cid_frame.substr(0, cid_frame.size() - 1)), errc::not_a_frame);  // no CR
    EXPECT_EQ(reason(cid_frame + cid_frame), errc::not_a_frame);  // one frame per datagram
    EXPECT_EQ(reason("\nB0AC0027ADM-CID\"0001L0#7099[]\r"), errc::not_a_frame);  // no '"'
}

TEST(SiaDc09FrameParser, Truncated) {
    EXPECT_EQ(reason("\n\r"), errc::truncated);
    EXPECT_EQ(reason("\nB0AC0027\r"), errc::truncated);
}

TEST(SiaDc09FrameParser, FrameTooLarge) {
    const std::string body = "\"NULL\"0000L0#1234[" + std::string(0x1000, 'x') + "]";
    EXPECT_EQ(reason("\n00000000" + body + "\r"), errc::frame_too_large);
}

TEST(SiaDc09FrameParser, BadToken) {
    EXPECT_EQ(reason(wrap("\"SIA DCS\"0001L0#1234[]")), errc::bad_token);  // space
    EXPECT_EQ(reason(wrap("\"\"0001L0#1234[]")), errc::bad_token);
    EXPECT_EQ(reason(wrap("\"*\"0001L0#1234[]")), errc::bad_token);
    EXPECT_EQ(reason(wrap("\"SIA-DCS")), errc::bad_token);
}

TEST(SiaDc09FrameParser, BadSequence) {
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"00A1L0#1234[]")), errc::bad_sequence);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"001")), errc::bad_sequence);
}

TEST(SiaDc09FrameParser, BadReceiver) {
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001RL0#1234[]")), errc::bad_receiver);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001R1234567L0#1234[]")), errc::bad_receiver);
}

TEST(SiaDc09FrameParser, BadLine) {
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001#1234[]")), errc::bad_line);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L#1234[]")), errc::bad_line);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L1234567#1234[]")), errc::bad_line);
}

TEST(SiaDc09FrameParser, BadAccount) {
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0[]")), errc::bad_account);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#[]")), errc::bad_account);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#0123456789ABCDEF0[]")), errc::bad_account);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0A0[]")), errc::bad_account);  // bare form: NAK only
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#0123456789ABCDEF[]")), error_code{});  // 16 is ok
}

TEST(SiaDc09FrameParser, NakBareAccountSplitsFromTheLine) {
    const decoded d = parse_datagram(wrap("\"NAK\"0000R0L1A0[]_16:09:09,04-14-2015"), {});
    ASSERT_TRUE(d) << to_text(d);
    EXPECT_EQ(d->header.line, "1");
    EXPECT_EQ(d->header.account, "A0");
    EXPECT_TRUE(d->header.bare_account);
}

TEST(SiaDc09FrameParser, BadData) {
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234")), errc::bad_data);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234|Nri1]")), errc::bad_data);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234[#1234|Nri1")), errc::bad_data);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234[#12[34]")), errc::bad_data);
}

TEST(SiaDc09FrameParser, BadExtended) {
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234[]x")), errc::bad_extended);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234[][]")), errc::bad_extended);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234[][X1")), errc::bad_extended);
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234[][X[1]")), errc::bad_extended);
}

TEST(SiaDc09FrameParser, ExtendedBlocksAtTheLimitAndOver) {
    const limits lim{.max_extended_blocks = 3};
    const std::string three = "\"SIA-DCS\"0001L0#1234[][X1][Y2][E3]";
    const decoded d = parse_datagram(wrap(three), {}, lim);
    ASSERT_TRUE(d) << to_text(d);
    ASSERT_EQ(d->body.extended.size(), 3u);
    EXPECT_EQ(d->body.extended[2].id, 'E');  // unknown identifiers are kept
    EXPECT_EQ(d->body.extended[2].value, "3");
    EXPECT_EQ(reason(wrap(three + "[Z4]"), {}, lim), errc::too_many_extended);
}

TEST(SiaDc09FrameParser, BodyAtTheLimitAndOver) {
    const limits lim{.max_body_size = 30};
    const std::string at = "\"SIA-DCS\"0001L0#1234[xxxxxxxx]";
    ASSERT_EQ(at.size(), 30u);
    EXPECT_EQ(reason(wrap(at), {}, lim), error_code{});
    EXPECT_EQ(reason(wrap("\"SIA-DCS\"0001L0#1234[xxxxxxxxx]"), {}, lim), errc::frame_too_large);
}

TEST(SiaDc09FrameParser, BadTimestamp) {
    EXPECT_EQ(reason(wrap("\"NULL\"0000L0#1234[]_24:00:00,01-01-2020")), errc::bad_timestamp);
    EXPECT_EQ(reason(wrap("\"NULL\"0000L0#1234[]_12:00:00,02-30-2020")), errc::bad_timestamp);
    EXPECT_EQ(reason(wrap("\"NULL\"0000L0#1234[]_12:00:00,01-01-2020x")), errc::bad_timestamp);
    EXPECT_EQ(reason(wrap("\"NULL\"0000L0#1234[]_")), errc::bad_timestamp);
}

TEST(SiaDc09FrameParser, UnknownAccount) {
    const std::string f = encrypted_frame("0123456789|]_12:00:00,01-01-2020", sdn_key());
    EXPECT_EQ(reason(f, one_key("9999", sdn_key())), errc::unknown_account);
    EXPECT_EQ(reason(f, {}), errc::unknown_account);
}

TEST(SiaDc09FrameParser, BadKey) {
    const std::string f = encrypted_frame("0123456789|]_12:00:00,01-01-2020", sdn_key());
    EXPECT_EQ(reason(f, one_key("1234", std::vector<std::uint8_t>(15, 1))), errc::bad_key);
}

TEST(SiaDc09FrameParser, BadCiphertext) {
    const key_lookup keys = one_key("1234", sdn_key());
    EXPECT_EQ(reason(wrap("\"*SIA-DCS\"0001L0#1234["), keys), errc::bad_ciphertext);
    EXPECT_EQ(reason(wrap("\"*SIA-DCS\"0001L0#1234[" + std::string(31, 'A')), keys),
              errc::bad_ciphertext);
    EXPECT_EQ(reason(wrap("\"*SIA-DCS\"0001L0#1234[" + std::string(31, 'A') + "G"), keys),
              errc::bad_ciphertext);
}

TEST(SiaDc09FrameParser, DecryptFailed) {
    const std::string f = encrypted_frame("0123456789|]_12:00:00,01-01-2020", sdn_key());
    auto wrong = sdn_key();
    wrong.back() ^= 1;
    EXPECT_EQ(reason(f, one_key("1234", wrong)), errc::decrypt_failed);
    // Right key, but no pad separator / '[' in the pad / junk after the data.
    EXPECT_EQ(reason(encrypted_frame("0123456789abcdef", sdn_key()), one_key("1234", sdn_key())),
              errc::decrypt_failed);
    EXPECT_EQ(reason(encrypted_frame("01234[6789|]_12:00:00,01-01-2020", sdn_key()),
                     one_key("1234", sdn_key())),
              errc::decrypt_failed);
    EXPECT_EQ(reason(encrypted_frame("0123456789|]x12:00:00,01-01-2020", sdn_key()),
                     one_key("1234", sdn_key())),
              errc::decrypt_failed);
}

TEST(SiaDc09FrameParser, MissingTimestampInEncryptedFrame) {
    const std::string f = encrypted_frame("0123456789ABCD|]", sdn_key());
    const decoded d = parse_datagram(f, one_key("1234", sdn_key()));
    EXPECT_EQ(reason_of(d), errc::missing_timestamp);
    ASSERT_TRUE(header_of(d));  // enough to answer
}

TEST(SiaDc09FrameParser, EncryptedPadMayEndAtTheClosingBracket) {
    // PYS case_null / NLT style: "ppp...]_ts" without '|'.
    const std::string f = encrypted_frame("ppppppppppp]_18:24:52,07-05-2020", sdn_key());
    const decoded d = parse_datagram(f, one_key("1234", sdn_key()));
    ASSERT_TRUE(d) << to_text(d);
    EXPECT_EQ(d->body.pad_size, 11u);
    EXPECT_EQ(d->body.data, "");
}

TEST(SiaDc09FrameParser, DatagramAcceptsBytesAndTrailingNuls) {
    const std::string padded = cid_frame + std::string(3, '\0');
    const auto bytes = std::as_bytes(std::span{padded.data(), padded.size()});
    const decoded d = parse_datagram(bytes, {});
    ASSERT_TRUE(d) << to_text(d);
    EXPECT_EQ(d->header.sequence, 1);
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09::test
