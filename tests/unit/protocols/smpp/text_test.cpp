// Text for submit_sm: GSM 03.38 or UCS-2, lengths, and concatenated parts.
#include "protocols/smpp/text.hpp"

#include <gtest/gtest.h>

#include <string>

#include "protocols/smpp/error.hpp"
#include "tests/unit/protocols/smpp/test_support.hpp"

namespace alarmd::protocols::smpp::test {
namespace {

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += s;
    }
    return out;
}

// The parts put back together, without their UDHs, as UTF-8.
std::string joined(const encoded_text& t) {
    std::string out;
    for (const auto& part : t.parts) {
        std::span<const std::uint8_t> payload{part};
        if (t.parts.size() > 1) {
            payload = *strip_udh(payload);
        }
        out += decode_text(t.data_coding, payload).value();
    }
    return out;
}

TEST(SmppText, AsciiIsGsmInOnePart) {
    const auto t = encode_text("Fire alarm: building 3, floor 2 (zone 17)", 0x2A);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_default);
    EXPECT_EQ(t->esm_class(), 0);
    EXPECT_EQ(t->units, 41u);
    ASSERT_EQ(t->parts.size(), 1u);
    EXPECT_EQ(t->parts[0], bytes_of("Fire alarm: building 3, floor 2 (zone 17)"));
}

TEST(SmppText, GsmPositionsDifferFromAscii) {
    const auto t = encode_text("@$_\n\u00e9\u00c4\u0394\u00a4", 0);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_default);
    EXPECT_EQ(hex_text(t->parts[0]),
              "000211"
              "0a"
              "05"
              "5b"
              "10"
              "24");
}

TEST(SmppText, EscapedCharactersCountTwoSeptets) {
    const auto t = encode_text("\u20ac[", 0);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_default);
    EXPECT_EQ(t->units, 4u);
    EXPECT_EQ(hex_text(t->parts[0]), "1b651b3c");
    const auto all = encode_text("^{}\\[~]|\u20ac\f", 0);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->units, 20u);
    EXPECT_EQ(hex_text(all->parts[0]), "1b141b281b291b2f1b3c1b3d1b3e1b401b651b0a");
    // 80 euros fill one message exactly; 81 need two parts.
    EXPECT_EQ(encode_text(repeat("\u20ac", 80), 0)->parts.size(), 1u);
    EXPECT_EQ(encode_text(repeat("\u20ac", 81), 0)->parts.size(), 2u);
}

TEST(SmppText, ChineseIsUcs2) {
    const auto t = encode_text("\u706b\u8b66", 0);  // 火警
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_ucs2);
    EXPECT_EQ(t->units, 2u);
    ASSERT_EQ(t->parts.size(), 1u);
    EXPECT_EQ(hex_text(t->parts[0]), "706b8b66");
    // One character outside GSM makes the whole text UCS-2.
    const auto mixed = encode_text("Fire \u00e7", 0);
    ASSERT_TRUE(mixed);
    EXPECT_EQ(mixed->data_coding, data_coding_ucs2);
    EXPECT_EQ(hex_text(mixed->parts[0]),
              "00460069007200650020"
              "00e7");
}

TEST(SmppText, OneHundredTwentyChineseCharactersAreTwoParts) {
    const std::string notice = repeat("\u6d88", 120);  // 消 x 120
    const auto t = encode_text(notice, 0xA7);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_ucs2);
    EXPECT_EQ(t->units, 120u);
    EXPECT_EQ(t->esm_class(), esm_class_udhi);
    ASSERT_EQ(t->parts.size(), 2u);
    EXPECT_EQ(t->parts[0].size(), 6u + 67 * 2);  // 140 octets
    EXPECT_EQ(t->parts[1].size(), 6u + 53 * 2);
    EXPECT_EQ(hex_text(std::span{t->parts[0]}.first(8)),
              "050003a70201"
              "6d88");
    EXPECT_EQ(hex_text(std::span{t->parts[1]}.first(8)),
              "050003a70202"
              "6d88");
    EXPECT_EQ(joined(*t), notice);
}

TEST(SmppText, SeventyUcs2UnitsFitOneMessage) {
    EXPECT_EQ(encode_text(repeat("\u706b", 70), 0)->parts.size(), 1u);
    const auto t = encode_text(repeat("\u706b", 71), 0);
    ASSERT_EQ(t->parts.size(), 2u);
    EXPECT_EQ(t->parts[0].size(), 6u + 67 * 2);
    EXPECT_EQ(t->parts[1].size(), 6u + 4 * 2);
}

TEST(SmppText, GsmSplitsAt160And153) {
    EXPECT_EQ(encode_text(std::string(160, 'a'), 0)->parts.size(), 1u);
    const auto t = encode_text(std::string(161, 'a'), 0x01);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_default);
    ASSERT_EQ(t->parts.size(), 2u);
    EXPECT_EQ(t->parts[0].size(), 6u + 153);  // unpacked septets: 159 of SMPP's 254 octets
    EXPECT_EQ(t->parts[1].size(), 6u + 8);
    EXPECT_EQ(hex_text(std::span{t->parts[0]}.first(6)), "050003010201");
    EXPECT_EQ(hex_text(std::span{t->parts[1]}.first(6)), "050003010202");
    EXPECT_EQ(joined(*t), std::string(161, 'a'));
    EXPECT_EQ(encode_text(std::string(153 * 3, 'a'), 0)->parts.size(), 3u);
    EXPECT_EQ(encode_text(std::string(153 * 3 + 1, 'a'), 0)->parts.size(), 4u);
}

TEST(SmppText, AnEscapeIsNeverSplit) {
    // 152 septets, then a euro (2): it does not fit the first part's last septet.
    const std::string text = std::string(152, 'a') + "\u20ac" + std::string(10, 'b');
    const auto t = encode_text(text, 0);
    ASSERT_TRUE(t);
    ASSERT_EQ(t->parts.size(), 2u);
    EXPECT_EQ(t->parts[0].size(), 6u + 152);
    EXPECT_EQ(t->parts[0].back(), 'a');
    EXPECT_EQ(t->parts[1][6], 0x1B);
    EXPECT_EQ(t->parts[1][7], 0x65);
    EXPECT_EQ(joined(*t), text);
}

TEST(SmppText, ASurrogatePairIsNeverSplit) {
    // 66 units, then U+1F525 (2 units: D83D DD25): the pair moves to the second part.
    const std::string text = repeat("\u706b", 66) + "\U0001F525" + repeat("\u8b66", 5);
    const auto t = encode_text(text, 9);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_ucs2);
    EXPECT_EQ(t->units, 66u + 2 + 5);
    ASSERT_EQ(t->parts.size(), 2u);
    EXPECT_EQ(t->parts[0].size(), 6u + 66 * 2);
    EXPECT_EQ(hex_text(std::span{t->parts[1]}.subspan(6, 4)), "d83ddd25");
    EXPECT_EQ(joined(*t), text);
    // An emoji alone is a surrogate pair, two units.
    const auto e = encode_text("\U0001F600", 0);
    EXPECT_EQ(e->units, 2u);
    EXPECT_EQ(hex_text(e->parts[0]), "d83dde00");
}

TEST(SmppText, InvalidUtf8IsAnError) {
    for (const std::string_view bad :
         {std::string_view{"\xC3\x28"}, std::string_view{"abc\xE6\x9C"},
          std::string_view{"\xC0\xAF"}, std::string_view{"\xE0\x80\xAF"},
          std::string_view{"\xED\xA0\x80"}, std::string_view{"\xF4\x90\x80\x80"},
          std::string_view{"\xFF"}, std::string_view{"\x80"},
          std::string_view{"\xF8\x88\x80\x80\x80"}}) {
        const auto t = encode_text(bad, 0);
        ASSERT_FALSE(t) << hex_text(bytes_of(bad));
        EXPECT_EQ(t.error(), errc::invalid_utf8);
    }
    EXPECT_TRUE(encode_text("\xF4\x8F\xBF\xBF", 0));  // U+10FFFF
    EXPECT_TRUE(encode_text(std::string_view{"a\0b", 3}, 0));
}

TEST(SmppText, EmptyTextIsOneEmptyPart) {
    const auto t = encode_text("", 0);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_default);
    ASSERT_EQ(t->parts.size(), 1u);
    EXPECT_TRUE(t->parts[0].empty());
}

TEST(SmppText, Ucs2OnlyForProvidersThatWantIt) {
    const auto t = encode_text("OK", 0, text_options{.ucs2_only = true});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data_coding, data_coding_ucs2);
    EXPECT_EQ(hex_text(t->parts[0]), "004f004b");
}

TEST(SmppText, AtMost255Parts) {
    EXPECT_EQ(encode_text(std::string(153 * 255, 'a'), 0)->parts.size(), 255u);
    EXPECT_EQ(encode_text(std::string(153 * 255 + 1, 'a'), 0).error(), errc::too_many_segments);
}

TEST(SmppText, SubmitsCarryTheParts) {
    submit_sm base;
    base.source_addr = "10690001";
    base.destination_addr = "13800138000";
    base.registered_delivery = 1;
    const auto t = encode_text(repeat("\u706b", 100), 5);
    ASSERT_TRUE(t);
    const auto submits = make_submits(base, *t);
    ASSERT_EQ(submits.size(), 2u);
    for (std::size_t i = 0; i < submits.size(); ++i) {
        EXPECT_EQ(submits[i].data_coding, data_coding_ucs2);
        EXPECT_EQ(submits[i].esm_class, esm_class_udhi);
        EXPECT_EQ(submits[i].destination_addr, "13800138000");
        EXPECT_EQ(submits[i].registered_delivery, 1);
        EXPECT_EQ(submits[i].short_message, t->parts[i]);
        std::vector<std::uint8_t> out;
        EXPECT_TRUE(encode(pdu{0, static_cast<std::uint32_t>(i + 1), submits[i]}, out));
    }
    const auto one = make_submits(base, *encode_text("hi", 0));
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0].esm_class, 0);
    EXPECT_EQ(one[0].data_coding, data_coding_default);
}

TEST(SmppText, DecodeTheWholeGsmAlphabet) {
    std::vector<std::uint8_t> septets;
    for (std::uint8_t s = 0; s < 0x80; ++s) {
        if (s != 0x1B) {
            septets.push_back(s);
        }
    }
    const auto text = decode_text(data_coding_default, septets);
    ASSERT_TRUE(text);
    const auto back = encode_text(*text, 0);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->data_coding, data_coding_default);
    EXPECT_EQ(back->parts.size(), 1u);
    EXPECT_EQ(back->parts[0], septets);
    // An escape the table does not know reads as the plain character.
    EXPECT_EQ(decode_text(data_coding_default, hex_bytes("1b41")).value(), "A");
    EXPECT_EQ(decode_text(data_coding_default, hex_bytes("80")).error(), errc::bad_encoding);
}

TEST(SmppText, DecodeUcs2) {
    EXPECT_EQ(decode_text(data_coding_ucs2, hex_bytes("706b8b66")).value(), "\u706b\u8b66");
    EXPECT_EQ(decode_text(data_coding_ucs2, hex_bytes("d83dde00")).value(), "\U0001F600");
    EXPECT_EQ(decode_text(data_coding_ucs2, hex_bytes("706b8b")).error(), errc::bad_encoding);
    EXPECT_EQ(decode_text(data_coding_ucs2, hex_bytes("d83d")).error(), errc::bad_encoding);
    EXPECT_EQ(decode_text(data_coding_ucs2, hex_bytes("de00d83d")).error(), errc::bad_encoding);
    EXPECT_EQ(decode_text(data_coding_ucs2, hex_bytes("d83d0041")).error(), errc::bad_encoding);
    EXPECT_EQ(decode_text(3, hex_bytes("41")).error(), errc::bad_encoding);
}

TEST(SmppText, StripUdh) {
    const auto sm = hex_bytes("050003010201 4142");
    EXPECT_EQ(hex_text(*strip_udh(sm)), "4142");
    EXPECT_FALSE(strip_udh(hex_bytes("05000301")).has_value());
    EXPECT_FALSE(strip_udh({}).has_value());
}

}  // namespace
}  // namespace alarmd::protocols::smpp::test
