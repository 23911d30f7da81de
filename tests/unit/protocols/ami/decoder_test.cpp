// The stream decoder: banner, framing, values, line ends, bad lines, limits, splits, buffer.
#include "protocols/ami/decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "protocols/ami/error.hpp"
#include "tests/unit/protocols/ami/test_support.hpp"

namespace alarmd::protocols::ami::test {
namespace {

message msg(std::vector<field> fields) {
    return message{std::move(fields)};
}

// A stream with a bit of everything the decoder meets: banner, CRLF and LF blocks, extra empty
// lines, a bad line, repeated keys, empty values.
const std::string mixed_stream =
    "Asterisk Call Manager/2.10.3\r\n"
    "Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n"
    "\r\n\n"
    "Event: FullyBooted\nPrivilege: system,all\nStatus: Fully Booted\n\n"
    "Event: Newchannel\r\nAccountCode: \r\nExten:\r\nValue: a: b\r\n\r\n"
    "Event: Broken\r\nthis line has no colon\r\nChannel: x\r\n\r\n"
    "Response: Follows\r\nOutput: line 1\r\nOutput: line 2\r\n\r\n";

TEST(AmiDecoder, BannerIsTheFirstLineAndHasNoEmptyLineAfterIt) {
    const auto out =
        run_stream("Asterisk Call Manager/2.10.3\r\nResponse: Success\r\nActionID: 1\r\n\r\n");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<banner>(out[0]).version, "2.10.3");
    EXPECT_EQ(std::get<message>(out[1]), msg({{"Response", "Success"}, {"ActionID", "1"}}));

    const auto lf = run_stream("Asterisk Call Manager/9.0.0\n");
    ASSERT_EQ(lf.size(), 1u);
    EXPECT_EQ(std::get<banner>(lf[0]).version, "9.0.0");
}

TEST(AmiDecoder, BannerVersions) {
    for (const std::string v : {"1.1", "1.3", "2.10.3", "5.0.1", "9.0.0", ""}) {
        const auto out = run_stream("Asterisk Call Manager/" + v + "\r\n");
        ASSERT_EQ(out.size(), 1u) << v;
        EXPECT_EQ(std::get<banner>(out[0]).version, v);
    }
}

TEST(AmiDecoder, BannerWaitsForItsLineEnd) {
    decoder dec;
    dec.feed("Asterisk Call Manager/2.10");
    EXPECT_FALSE(dec.next().has_value());
    dec.feed(".3\r");
    EXPECT_FALSE(dec.next().has_value());
    dec.feed("\n");
    const auto d = dec.next();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(std::get<banner>(*d).version, "2.10.3");
    EXPECT_EQ(dec.buffered(), 0u);
}

TEST(AmiDecoder, WithoutBannerTheFirstLineStartsABlock) {
    const auto out = run_stream("Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(std::get<message>(out[0]).is_event());
    EXPECT_EQ(std::get<message>(out[0]).event(), "FullyBooted");
}

TEST(AmiDecoder, OnlyTheFirstLineCanBeTheBanner) {
    // Later, the same text is a line without ':' in a block.
    const auto out =
        run_stream("Event: A\r\n\r\nAsterisk Call Manager/1.3\r\n\r\nEvent: B\r\n\r\n");
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(std::get<message>(out[0]).event(), "A");
    EXPECT_EQ(std::get<decode_error>(out[1]).code, decode_errc::bad_line);
    EXPECT_EQ(std::get<message>(out[2]).event(), "B");
    // An empty first line is skipped like any empty line between blocks: the banner is gone.
    const auto late = run_stream("\r\nAsterisk Call Manager/1.3\r\n\r\n");
    ASSERT_EQ(late.size(), 1u);
    EXPECT_EQ(std::get<decode_error>(late[0]).code, decode_errc::bad_line);
}

TEST(AmiDecoder, ValuesSplitAtTheFirstColonAndLoseOneSpace) {
    const auto out = run_stream(
        "Event: X\r\n"
        "AccountCode: \r\n"
        "Exten:\r\n"
        "Value: a: b\r\n"
        "Twice:  two spaces\r\n"
        "NoSpace:tight\r\n"
        "Trailing: x \r\n"
        ": no key\r\n"
        "Tab:\tt\r\n"
        "\r\n");
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<message>(out[0]), msg({{"Event", "X"},
                                              {"AccountCode", ""},
                                              {"Exten", ""},
                                              {"Value", "a: b"},
                                              {"Twice", " two spaces"},
                                              {"NoSpace", "tight"},
                                              {"Trailing", "x "},
                                              {"", "no key"},
                                              {"Tab", "\tt"}}));
}

TEST(AmiDecoder, RepeatedKeysStayInWireOrder) {
    const auto out = run_stream(
        "Response: Follows\r\nOutput: line 1\r\nChanVariable: a=1\r\nOutput: line 2\r\n"
        "ChanVariable: b=2\r\n\r\n");
    ASSERT_EQ(out.size(), 1u);
    const message& m = std::get<message>(out[0]);
    EXPECT_EQ(m, msg({{"Response", "Follows"},
                      {"Output", "line 1"},
                      {"ChanVariable", "a=1"},
                      {"Output", "line 2"},
                      {"ChanVariable", "b=2"}}));
    EXPECT_EQ(m.get("output"), "line 1");
}

TEST(AmiDecoder, LfOnlyAndMixedLineEnds) {
    const std::string crlf = "Event: A\r\nKey: v\r\n\r\n";
    const std::string lf = "Event: A\nKey: v\n\n";
    const std::string mixed = "Event: A\nKey: v\r\n\n";
    const auto expected = run_stream(crlf);
    ASSERT_EQ(expected.size(), 1u);
    EXPECT_EQ(run_stream(lf), expected);
    EXPECT_EQ(run_stream(mixed), expected);
    // A CR elsewhere is data.
    const auto cr = run_stream("Event: A\rB\r\r\n\r\n");
    ASSERT_EQ(cr.size(), 1u);
    EXPECT_EQ(std::get<message>(cr[0]).event(), "A\rB\r");
}

TEST(AmiDecoder, EmptyLinesBetweenBlocksAreSkipped) {
    const auto out = run_stream("\r\n\n\r\nEvent: A\r\n\r\n\r\n\r\n\nEvent: B\n\n\n");
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<message>(out[0]).event(), "A");
    EXPECT_EQ(std::get<message>(out[1]).event(), "B");
}

TEST(AmiDecoder, ABlockIsYieldedAtItsEmptyLineOnly) {
    decoder dec;
    dec.feed("Event: A\r\nKey: v\r\n");
    EXPECT_FALSE(dec.next().has_value());
    dec.feed("\r");
    EXPECT_FALSE(dec.next().has_value());
    dec.feed("\n");
    const auto d = dec.next();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(std::get<message>(*d), msg({{"Event", "A"}, {"Key", "v"}}));
    EXPECT_FALSE(dec.next().has_value());
}

TEST(AmiDecoder, BadLineCostsItsBlockAndTheStreamGoesOn) {
    const auto out = run_stream(
        "Event: A\r\n\r\n"
        "Event: B\r\nno colon here\r\nChannel: x\r\nalso bad\r\n\r\n"
        "garbage first\r\nEvent: C\r\n\r\n"
        "Event: D\r\n\r\n");
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(std::get<message>(out[0]).event(), "A");
    const auto& e1 = std::get<decode_error>(out[1]);
    EXPECT_EQ(e1.code, decode_errc::bad_line);
    EXPECT_EQ(e1.detail, "line 2 of a block has no ':'");
    const auto& e2 = std::get<decode_error>(out[2]);
    EXPECT_EQ(e2.code, decode_errc::bad_line);
    EXPECT_EQ(e2.detail, "line 1 of a block has no ':'");
    EXPECT_EQ(std::get<message>(out[3]).event(), "D");

    decoder dec;
    (void)run_decoder(dec, "Event: B\r\nbad\r\n\r\n", 1);
    EXPECT_FALSE(dec.failed());
    EXPECT_EQ(dec.buffered(), 0u);
}

TEST(AmiDecoder, BadLineIsYieldedWithoutWaitingForTheEndOfItsBlock) {
    decoder dec;
    dec.feed("Event: B\r\nbad\r\nChannel: x\r\n");
    const auto d = dec.next();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(std::get<decode_error>(*d).code, decode_errc::bad_line);
    EXPECT_FALSE(dec.next().has_value());
    dec.feed("\r\nEvent: C\r\n\r\n");
    const auto c = dec.next();
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(std::get<message>(*c).event(), "C");
}

void expect_failed_for_good(decoder& dec) {
    EXPECT_TRUE(dec.failed());
    EXPECT_EQ(dec.buffered(), 0u);
    dec.feed("Event: A\r\n\r\n");
    EXPECT_EQ(dec.buffered(), 0u);
    EXPECT_FALSE(dec.next().has_value());
}

TEST(AmiDecoder, LineLimitAtMaxAndMaxPlusOne) {
    const limits lim{.max_line = 32, .max_block = 65536, .max_fields = 256};
    const std::string at_max = "Key: " + std::string(32 - 5, 'v');
    ASSERT_EQ(at_max.size(), 32u);
    const auto ok = run_stream("Event: A\r\n" + at_max + "\r\n\r\n", 0, lim);
    ASSERT_EQ(ok.size(), 1u);
    EXPECT_EQ(std::get<message>(ok[0]).get("Key"), std::string(27, 'v'));
    EXPECT_EQ(run_stream("Event: A\n" + at_max + "\n\n", 0, lim).size(), 1u);

    decoder dec{lim};
    const auto out = run_decoder(dec, "Event: B\r\n\r\nEvent: A\r\n" + at_max + "v\r\n\r\n", 0);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<message>(out[0]).event(), "B");
    EXPECT_EQ(std::get<decode_error>(out[1]).code, decode_errc::line_too_long);
    EXPECT_EQ(std::get<decode_error>(out[1]).detail, "line above 32 bytes");
    expect_failed_for_good(dec);
}

TEST(AmiDecoder, LongLineFailsBeforeItsEnd) {
    const limits lim{.max_line = 32, .max_block = 65536, .max_fields = 256};
    decoder dec{lim};
    dec.feed(std::string(32, 'k'));
    EXPECT_FALSE(dec.next().has_value());
    dec.feed("\r");  // may still be the CR of a CRLF: 32 bytes so far
    EXPECT_FALSE(dec.next().has_value());
    EXPECT_FALSE(dec.failed());
    EXPECT_EQ(dec.buffered(), 33u);
    dec.feed("x");
    const auto d = dec.next();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(std::get<decode_error>(*d).code, decode_errc::line_too_long);
    expect_failed_for_good(dec);

    // The banner line too.
    decoder b{lim};
    b.feed("Asterisk Call Manager/" + std::string(20, '1'));
    const auto bd = b.next();
    ASSERT_TRUE(bd.has_value());
    EXPECT_EQ(std::get<decode_error>(*bd).code, decode_errc::line_too_long);
}

TEST(AmiDecoder, BlockLimitAtMaxAndMaxPlusOne) {
    // "Event: A\r\n" is 10 bytes, "K: 123456\r\n" 11: a 32-byte block, its empty line not counted.
    const std::string block = "Event: A\r\nK: 123456\r\nK: 123456\r\n";
    ASSERT_EQ(block.size(), 32u);
    const limits at{.max_line = 8192, .max_block = 32, .max_fields = 256};
    const auto ok = run_stream(block + "\r\n" + block + "\r\n", 0, at);
    ASSERT_EQ(ok.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<message>(ok[1]));

    const limits below{.max_line = 8192, .max_block = 31, .max_fields = 256};
    decoder dec{below};
    const auto out = run_decoder(dec, "Event: B\r\n\r\n" + block + "\r\n", 0);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(std::get<decode_error>(out[1]).code, decode_errc::block_too_large);
    EXPECT_EQ(std::get<decode_error>(out[1]).detail, "block above 31 bytes");
    expect_failed_for_good(dec);

    // Skipped lines of a bad block count too.
    decoder bad{below};
    const auto skipped = run_decoder(bad, "Event: A\r\nbad\r\nK: 1234567890123456789\r\n", 0);
    ASSERT_EQ(skipped.size(), 2u);
    EXPECT_EQ(std::get<decode_error>(skipped[0]).code, decode_errc::bad_line);
    EXPECT_EQ(std::get<decode_error>(skipped[1]).code, decode_errc::block_too_large);
    EXPECT_TRUE(bad.failed());
}

TEST(AmiDecoder, FieldLimitAtMaxAndMaxPlusOne) {
    const limits lim{.max_line = 8192, .max_block = 65536, .max_fields = 4};
    const std::string four = "Event: A\r\nK: 1\r\nK: 2\r\nK: 3\r\n";
    const auto ok = run_stream(four + "\r\n", 0, lim);
    ASSERT_EQ(ok.size(), 1u);
    EXPECT_EQ(std::get<message>(ok[0]).fields.size(), 4u);

    decoder dec{lim};
    const auto out = run_decoder(dec, four + "K: 4\r\n\r\nEvent: B\r\n\r\n", 0);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(std::get<decode_error>(out[0]).code, decode_errc::too_many_fields);
    EXPECT_EQ(std::get<decode_error>(out[0]).detail, "block above 4 fields");
    expect_failed_for_good(dec);
}

TEST(AmiDecoder, DefaultLimits) {
    const limits lim;
    EXPECT_EQ(lim.max_line, 8192u);
    EXPECT_EQ(lim.max_block, 65536u);
    EXPECT_EQ(lim.max_fields, 256u);
    std::string many = "Event: A\r\n";
    for (int i = 1; i < 256; ++i) {
        many += "K: " + std::to_string(i) + "\r\n";
    }
    EXPECT_TRUE(std::holds_alternative<message>(run_stream(many + "\r\n").at(0)));
    EXPECT_EQ(std::get<decode_error>(run_stream(many + "K: x\r\n\r\n").at(0)).code,
              decode_errc::too_many_fields);
    const std::string long_line = "Event: " + std::string(8192 - 7, 'x');
    EXPECT_TRUE(std::holds_alternative<message>(run_stream(long_line + "\r\n\r\n").at(0)));
    EXPECT_EQ(std::get<decode_error>(run_stream(long_line + "x\r\n\r\n").at(0)).code,
              decode_errc::line_too_long);
}

TEST(AmiDecoder, WhatItYieldsDoesNotDependOnTheSplit) {
    const auto whole = run_stream(mixed_stream);
    ASSERT_EQ(whole.size(), 6u);
    EXPECT_EQ(std::get<banner>(whole[0]).version, "2.10.3");
    EXPECT_EQ(std::get<message>(whole[2]).event(), "FullyBooted");
    EXPECT_EQ(std::get<message>(whole[3]).get("AccountCode"), "");
    EXPECT_EQ(std::get<decode_error>(whole[4]).code, decode_errc::bad_line);
    EXPECT_EQ(std::get<message>(whole[5]).response(), "Follows");  // Broken's Channel skipped
    for (std::size_t at = 0; at <= mixed_stream.size(); ++at) {
        ASSERT_EQ(run_split(mixed_stream, at), whole) << "split at " << at;
    }
    for (std::size_t chunk = 1; chunk <= 40; ++chunk) {
        ASSERT_EQ(run_stream(mixed_stream, chunk), whole) << "chunk " << chunk;
    }
}

TEST(AmiDecoder, LimitErrorsDoNotDependOnTheSplit) {
    const limits lim{.max_line = 24, .max_block = 60, .max_fields = 5};
    const std::vector<std::string> streams = {
        "Event: A\r\n\r\nEvent: B\r\nKey: " + std::string(30, 'x') + "\r\n\r\n",
        "Event: A\r\n\r\nEvent: B\r\nKey: " + std::string(19, 'x') + "\r\r\n\r\n",
        "Event: A\r\nK: 1\r\nK: 2\r\nK: 3\r\nK: 4\r\nK: 5\r\n\r\n",
        "Event: A\r\nK: 12345678901234\r\nK: 12345678901234\r\nK: 12345678901234\r\n\r\n",
        "Asterisk Call Manager/1.3\r\nbad\r\nK: 12345678901234567890\r\n\r\nEvent: C\n\n",
    };
    for (const std::string& s : streams) {
        const auto whole = run_stream(s, 0, lim);
        ASSERT_FALSE(whole.empty());
        for (std::size_t at = 0; at <= s.size(); ++at) {
            ASSERT_EQ(run_split(s, at, lim), whole) << s << " split at " << at;
        }
        ASSERT_EQ(run_stream(s, 1, lim), whole) << s;
    }
}

TEST(AmiDecoder, DecodedBytesLeaveTheBuffer) {
    decoder dec;
    const std::string block = "Event: A\r\nKey: value\r\n\r\n";
    for (int i = 0; i < 1000; ++i) {
        dec.feed(block);
        dec.feed("Event: B\r\nKey: v");  // a partial line stays
        while (dec.next()) {
        }
        EXPECT_LE(dec.buffered(), block.size() + 16);
        dec.feed("\r\n\r\n");
        ASSERT_TRUE(dec.next().has_value());
        EXPECT_FALSE(dec.next().has_value());
        EXPECT_EQ(dec.buffered(), 0u);
    }
}

TEST(AmiDecoder, BufferedStaysBelowOneLineWhenDrained) {
    const limits lim{.max_line = 64, .max_block = 65536, .max_fields = 256};
    const std::string stream = mixed_stream + "Event: Last\r\nKey: " + std::string(59, 'z');
    decoder dec{lim};
    for (const char c : stream) {
        dec.feed(std::string_view{&c, 1});
        while (dec.next()) {
        }
        ASSERT_LE(dec.buffered(), lim.max_line + 1);
    }
    EXPECT_FALSE(dec.failed());
    EXPECT_EQ(dec.buffered(), 64u);
}

}  // namespace
}  // namespace alarmd::protocols::ami::test
