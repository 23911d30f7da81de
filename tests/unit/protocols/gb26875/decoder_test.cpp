// The stream decoder: chunking, garbage, resynchronisation, limits, and what a rejection carries.
#include "protocols/gb26875/decoder.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "protocols/gb26875/encoder.hpp"
#include "protocols/gb26875/error.hpp"
#include "tests/unit/protocols/gb26875/test_support.hpp"

namespace alarmd::protocols::gb26875::test {
namespace {

// doc_ex1: a smoke detector's fire alarm from device 889 to centre 88888 (78 bytes).
const std::vector<std::uint8_t> fire_alarm = hex_bytes(
    "40 40 01 00 01 01 20 3A 09 1A 09 0C 79 03 00 00 00 00 38 5B 01 00 00 00 30 00 02 02 01 01 01"
    " 28 0A 00 02 00 02 00 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20"
    " 20 20 20 20 20 20 00 02 3A 09 1A 09 0C 46 23 23");

// A heartbeat: command 2, empty unit.
std::vector<std::uint8_t> heartbeat(std::uint16_t serial) {
    control_unit cu;
    cu.serial = serial;
    cu.time = {32, 58, 9, 26, 9, 12};
    cu.source = 889;
    cu.destination = 88888;
    cu.cmd = command::send_data;
    std::vector<std::uint8_t> out;
    EXPECT_TRUE(encode(cu, {}, out));
    return out;
}

std::vector<std::uint8_t> concat(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> out;
    for (const auto& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

TEST(Gb26875Decoder, FrameInOneBytePiecesDecodesOnceAtTheLastByte) {
    decoder dec;
    for (std::size_t i = 0; i < fire_alarm.size(); ++i) {
        ASSERT_EQ(dec.feed(std::span{fire_alarm}.subspan(i, 1)), 1u);
        auto d = dec.next();
        if (i + 1 < fire_alarm.size()) {
            ASSERT_FALSE(d.has_value()) << "at byte " << i;
            continue;
        }
        ASSERT_TRUE(d.has_value());
        ASSERT_TRUE(*d);
        EXPECT_EQ((*d)->control.serial, 1);
        EXPECT_EQ((*d)->control.source, 889u);
        EXPECT_EQ((*d)->app_data.size(), 48u);
    }
    EXPECT_FALSE(dec.next().has_value());
    EXPECT_EQ(dec.buffered(), 0u);
}

TEST(Gb26875Decoder, FiftyFramesInOneWriteAllDecodeInOrder) {
    std::vector<std::uint8_t> stream;
    for (std::uint16_t s = 0; s < 50; ++s) {
        const auto f = s % 2 == 0 ? heartbeat(s) : fire_alarm;
        stream.insert(stream.end(), f.begin(), f.end());
    }
    ASSERT_GT(stream.size(), decoder{}.capacity()) << "feed must take it in several goes";
    for (const std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
        const std::vector<decoded> out = run_stream(stream, chunk);
        ASSERT_EQ(out.size(), 50u);
        for (std::uint16_t s = 0; s < 50; ++s) {
            ASSERT_TRUE(out[s]) << s;
            if (s % 2 == 0) {
                EXPECT_TRUE(out[s]->is_heartbeat());
                EXPECT_EQ(out[s]->control.serial, s);
            } else {
                EXPECT_EQ(out[s]->app_data.size(), 48u);
            }
        }
    }
}

TEST(Gb26875Decoder, FeedTakesNoMoreThanItsCapacity) {
    decoder dec{limits{.max_app_length = 100}};
    EXPECT_EQ(dec.capacity(), 130u);
    const std::vector<std::uint8_t> big(500, 'x');
    EXPECT_EQ(dec.feed(big), 130u);
    EXPECT_EQ(dec.feed(big), 0u);
    EXPECT_FALSE(dec.next().has_value());  // all garbage, dropped
    EXPECT_EQ(dec.buffered(), 0u);
    EXPECT_EQ(dec.garbage_pending(), 130u);
}

TEST(Gb26875Decoder, GarbageBeforeTheStartIsSkippedAndReportedOnce) {
    const std::vector<std::uint8_t> junk = hex_bytes("00 FF 40 31 23 23 0D 0A 40 0A");
    const auto stream = concat({junk, fire_alarm});
    for (const std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{3}}) {
        const std::vector<decoded> out = run_stream(stream, chunk);
        ASSERT_EQ(out.size(), 2u);
        ASSERT_FALSE(out[0]);
        const rejection r = out[0].error();
        EXPECT_EQ(r.reason, errc::garbage);
        EXPECT_EQ(r.skipped, junk.size());
        EXPECT_FALSE(r.control.has_value());
        ASSERT_TRUE(out[1]);
        EXPECT_EQ(out[1]->app_data.size(), 48u);
    }
}

// "@@@": a lone '@' before a frame first reads as a frame one byte early, which fails; the
// decoder then tries again one byte on and finds the real frame. (A frame whose serial starts
// with 0x40 also reads "@@@" and decodes at the first try.)
TEST(Gb26875Decoder, AStrayAtBeforeAFrameCostsOneRejectionNotTheFrame) {
    const auto stream = concat({hex_bytes("0A 40"), fire_alarm});
    for (const std::size_t chunk : {std::size_t{0}, std::size_t{1}}) {
        const std::vector<decoded> out = run_stream(stream, chunk);
        ASSERT_GE(out.size(), 3u);
        ASSERT_FALSE(out[0]);
        EXPECT_EQ(out[0].error().reason, errc::garbage);
        EXPECT_EQ(out[0].error().skipped, 1u);
        ASSERT_FALSE(out[1]);
        EXPECT_NE(out[1].error().reason, errc::garbage);
        ASSERT_TRUE(out.back());
        EXPECT_EQ(out.back()->app_data.size(), 48u);
        EXPECT_EQ(out.back()->control.serial, 1);
    }
    control_unit cu;
    cu.serial = 0x0140;
    std::vector<std::uint8_t> bytes;
    ASSERT_TRUE(encode(cu, {}, bytes));
    const auto out = run_stream(bytes, 1);
    ASSERT_EQ(out.size(), 1u);
    ASSERT_TRUE(out[0]);
    EXPECT_EQ(out[0]->control.serial, 0x0140);
}

TEST(Gb26875Decoder, GarbageWithoutAStartIsCountedButNotBuffered) {
    decoder dec;
    const std::string_view junk = "hello world, no start marker here @";
    ASSERT_EQ(dec.feed(junk), junk.size());
    EXPECT_FALSE(dec.next().has_value());
    EXPECT_EQ(dec.buffered(), 1u) << "a last '@' may be half of \"@@\"";
    EXPECT_EQ(dec.garbage_pending(), junk.size() - 1);
}

TEST(Gb26875Decoder, BadChecksumIsATypedErrorWithTheControlUnitThenTheNextFrameDecodes) {
    auto broken = fire_alarm;
    broken[broken.size() - 3] ^= 0x01;  // the checksum byte
    const auto stream = concat({broken, heartbeat(2)});
    for (const std::size_t chunk : {std::size_t{0}, std::size_t{1}}) {
        const std::vector<decoded> out = run_stream(stream, chunk);
        ASSERT_EQ(out.size(), 2u);
        ASSERT_FALSE(out[0]);
        const rejection r = out[0].error();
        EXPECT_EQ(r.reason, errc::bad_checksum);
        ASSERT_TRUE(r.control.has_value());
        EXPECT_EQ(r.control->serial, 1);
        EXPECT_EQ(r.control->source, 889u);
        EXPECT_EQ(r.control->destination, 88888u);
        ASSERT_TRUE(out[1]);
        EXPECT_EQ(out[1]->control.serial, 2);
    }
}

TEST(Gb26875Decoder, OversizeLengthIsRejectedAsSoonAsTheControlUnitIsIn) {
    auto header = std::vector<std::uint8_t>(fire_alarm.begin(), fire_alarm.begin() + 27);
    header[24] = 0x01;  // N = 0x0401 = 1025
    header[25] = 0x04;
    decoder dec;
    ASSERT_EQ(dec.feed(header), 27u);
    auto d = dec.next();
    ASSERT_TRUE(d.has_value());
    ASSERT_FALSE(*d);
    const rejection r = d->error();
    EXPECT_EQ(r.reason, errc::bad_length);
    ASSERT_TRUE(r.control.has_value()) << "the standard answers a too-long unit with a deny";
    EXPECT_EQ(r.control->app_length, 1025);
    // Resynchronised one byte on: the rest of the header is garbage, the next frame decodes.
    ASSERT_EQ(dec.feed(fire_alarm), fire_alarm.size());
    d = dec.next();
    ASSERT_TRUE(d.has_value());
    ASSERT_FALSE(*d);
    EXPECT_EQ(d->error().reason, errc::garbage);
    EXPECT_EQ(d->error().skipped, 26u);
    d = dec.next();
    ASSERT_TRUE(d.has_value());
    EXPECT_TRUE(*d);
}

TEST(Gb26875Decoder, LengthAtTheLimitIsAcceptedAndOneAboveIsRejected) {
    control_unit cu;
    cu.source = 1;
    const std::vector<std::uint8_t> unit(100, 0x11);
    std::vector<std::uint8_t> bytes;
    ASSERT_TRUE(encode(cu, unit, bytes));
    const auto at = run_stream(bytes, 0, limits{.max_app_length = 100});
    ASSERT_EQ(at.size(), 1u);
    EXPECT_TRUE(at[0]);
    const auto above = run_stream(bytes, 0, limits{.max_app_length = 99});
    ASSERT_FALSE(above.empty());
    ASSERT_FALSE(above[0]);
    EXPECT_EQ(above[0].error().reason, errc::bad_length);
    // The protocol's own limit: 1024 passes, 1025 cannot be encoded.
    bytes.clear();
    ASSERT_TRUE(encode(cu, std::vector<std::uint8_t>(1024, 0), bytes));
    const auto max = run_stream(bytes, 1);
    ASSERT_EQ(max.size(), 1u);
    EXPECT_TRUE(max[0]);
    std::vector<std::uint8_t> none;
    EXPECT_EQ(encode(cu, std::vector<std::uint8_t>(1025, 0), none).error(), errc::bad_length);
    EXPECT_TRUE(none.empty());
}

TEST(Gb26875Decoder, BadEndResynchronisesOneByteOn) {
    auto broken = fire_alarm;
    broken[broken.size() - 1] = 0x13;
    const auto stream = concat({broken, heartbeat(7)});
    const std::vector<decoded> out = run_stream(stream, 0);
    ASSERT_EQ(out.size(), 3u);
    ASSERT_FALSE(out[0]);
    EXPECT_EQ(out[0].error().reason, errc::bad_end);
    EXPECT_TRUE(out[0].error().control.has_value());
    ASSERT_FALSE(out[1]);
    EXPECT_EQ(out[1].error().reason, errc::garbage);
    EXPECT_EQ(out[1].error().skipped, broken.size() - 1);
    ASSERT_TRUE(out[2]);
    EXPECT_EQ(out[2]->control.serial, 7);
}

TEST(Gb26875Decoder, ReservedCommandIsRejectedWithTheControlUnit) {
    for (const std::uint8_t cmd : {0, 7, 127}) {
        control_unit cu;
        cu.serial = 9;
        cu.cmd = static_cast<command>(cmd);
        std::vector<std::uint8_t> bytes;
        ASSERT_TRUE(encode(cu, {}, bytes));
        const auto out = run_stream(bytes, 0);
        ASSERT_EQ(out.size(), 1u);
        ASSERT_FALSE(out[0]);
        EXPECT_EQ(out[0].error().reason, errc::bad_command);
        ASSERT_TRUE(out[0].error().control.has_value());
        EXPECT_EQ(out[0].error().control->serial, 9);
    }
    for (const std::uint8_t cmd : {1, 6, 128, 255}) {
        control_unit cu;
        cu.cmd = static_cast<command>(cmd);
        std::vector<std::uint8_t> bytes;
        ASSERT_TRUE(encode(cu, {}, bytes));
        const auto out = run_stream(bytes, 0);
        ASSERT_EQ(out.size(), 1u);
        EXPECT_TRUE(out[0]) << int{cmd};
    }
}

TEST(Gb26875Decoder, AcceptsBytesAndStringViews) {
    decoder dec;
    const std::string_view text{reinterpret_cast<const char*>(fire_alarm.data()),
                                fire_alarm.size()};
    ASSERT_EQ(dec.feed(text.substr(0, 10)), 10u);
    const auto rest = std::as_bytes(std::span{fire_alarm}.subspan(10));
    ASSERT_EQ(dec.feed(rest), rest.size());
    auto d = dec.next();
    ASSERT_TRUE(d.has_value());
    EXPECT_TRUE(*d);
}

TEST(Gb26875ParseFrame, ChecksInTheDocumentedOrder) {
    EXPECT_EQ(parse_frame(std::span{fire_alarm}.first(29)).error().reason, errc::truncated);
    auto bad_start = fire_alarm;
    bad_start[1] = 'A';
    EXPECT_EQ(parse_frame(bad_start).error().reason, errc::bad_start);
    EXPECT_EQ(parse_frame(std::span{fire_alarm}.first(40)).error().reason, errc::truncated);
    auto trailing = fire_alarm;
    trailing.push_back(0);
    const rejection r = parse_frame(trailing).error();
    EXPECT_EQ(r.reason, errc::bad_length);
    EXPECT_TRUE(r.control.has_value());
    EXPECT_EQ(parse_frame(fire_alarm, limits{.max_app_length = 47}).error().reason,
              errc::bad_length);
    EXPECT_THROW((void)parse_frame(bad_start).value(), boost::system::system_error);
}

}  // namespace
}  // namespace alarmd::protocols::gb26875::test
