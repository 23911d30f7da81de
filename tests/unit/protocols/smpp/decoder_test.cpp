// The stream decoder: chunking, rejections and what they carry, recovery, limits, capacity.
#include "protocols/smpp/decoder.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "protocols/smpp/encoder.hpp"
#include "protocols/smpp/error.hpp"
#include "tests/unit/protocols/smpp/test_support.hpp"

namespace alarmd::protocols::smpp::test {
namespace {

// What an SMSC sends an ESME over a session: bind answer, submit answers, a receipt, keepalive.
std::vector<std::uint8_t> session_bytes() {
    deliver_sm receipt;
    receipt.source_addr = "13800138000";
    receipt.destination_addr = "10690001";
    receipt.esm_class = 0x04;
    receipt.short_message = bytes_of(
        "id:m1 sub:001 dlvrd:001 submit date:2401011200 done "
        "date:2401011201 stat:DELIVRD err:000 text:");
    receipt.tlvs = {make_tlv_c_string(tag::receipted_message_id, "m1"),
                    make_tlv_u8(tag::message_state, 2)};
    return concat({
        encoded(pdu{0, 1, bind_transceiver_resp{"FAKESMSC", {}}}),
        encoded(pdu{0, 2, submit_sm_resp{"m1", {}}}),
        encoded(pdu{status::esme_rthrottled, 3, submit_sm_resp{}}),
        encoded(pdu{0, 1, receipt}),
        encoded(pdu{0, 2, enquire_link{}}),
        hex_bytes("00000014 00000103 00000000 00000003 01020304"),  // data_sm: raw
        encoded(pdu{0, 4, unbind{}}),
    });
}

TEST(SmppDecoder, PduInOneBytePiecesDecodesOnceAtTheLastByte) {
    const std::vector<std::uint8_t> bytes = encoded(pdu{0, 2, submit_sm_resp{"m1", {}}});
    decoder dec;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        ASSERT_EQ(dec.feed(std::span{bytes}.subspan(i, 1)), 1u);
        auto d = dec.next();
        if (i + 1 < bytes.size()) {
            ASSERT_FALSE(d.has_value()) << "at byte " << i;
            continue;
        }
        ASSERT_TRUE(d.has_value());
        ASSERT_TRUE(*d);
        EXPECT_EQ(std::get<submit_sm_resp>((*d)->body).message_id, "m1");
    }
    EXPECT_FALSE(dec.next().has_value());
    EXPECT_EQ(dec.buffered(), 0u);
}

TEST(SmppDecoder, WhatItYieldsDoesNotDependOnTheSplit) {
    const std::vector<std::uint8_t> bytes = session_bytes();
    const auto whole = run_stream(bytes, 0);
    ASSERT_EQ(whole.size(), 7u);
    for (const auto& d : whole) {
        ASSERT_TRUE(d) << d.error().reason.message();
    }
    EXPECT_EQ(whole[0]->id(), command_id::bind_transceiver_resp);
    EXPECT_EQ(whole[2]->command_status, status::esme_rthrottled);
    EXPECT_EQ(whole[3]->id(), command_id::deliver_sm);
    EXPECT_EQ(whole[5]->id(), static_cast<command_id>(0x103));
    EXPECT_EQ(whole[6]->id(), command_id::unbind);
    for (std::size_t chunk = 1; chunk <= 40; ++chunk) {
        const auto pieces = run_stream(bytes, chunk);
        ASSERT_EQ(pieces.size(), whole.size()) << "chunk " << chunk;
        for (std::size_t i = 0; i < whole.size(); ++i) {
            EXPECT_TRUE(same(pieces[i], whole[i])) << "chunk " << chunk << " pdu " << i;
        }
    }
}

TEST(SmppDecoder, BodyRejectionCarriesTheHeaderAndTheStreamGoesOn) {
    const std::vector<std::uint8_t> bytes = concat({
        hex_bytes("00000014 80000004 00000000 00000021 61626364"),   // message_id without NUL
        hex_bytes("00000011 00000015 00000000 00000022 00"),         // enquire_link with a body
        hex_bytes("00000014 80000004 00000000 00000023 6d3100 04"),  // truncated TLV
        encoded(pdu{0, 0x24, make_bind<bind_transceiver>("esme1")}),
        encoded(pdu{0, 0x25, enquire_link{}}),
    });
    // A bind with a 16-octet system_id, spliced in before the last enquire_link.
    std::vector<std::uint8_t> bad_bind = encoded(pdu{0, 0x26, bind_transceiver{}});
    bad_bind.insert(bad_bind.begin() + header_size, 16, 'x');
    bad_bind[3] = static_cast<std::uint8_t>(bad_bind.size());
    const std::vector<std::uint8_t> all =
        concat({bytes, bad_bind, encoded(pdu{0, 0x27, unbind{}})});

    for (const std::size_t chunk : {0, 1, 3}) {
        const auto out = run_stream(all, chunk);
        ASSERT_EQ(out.size(), 7u);
        const struct {
            errc reason;
            std::uint32_t sequence;
        } rejected[] = {{errc::unterminated_string, 0x21},
                        {errc::unexpected_body, 0x22},
                        {errc::bad_tlv, 0x23}};
        for (std::size_t i = 0; i < 3; ++i) {
            ASSERT_FALSE(out[i]);
            const rejection r = out[i].error();
            EXPECT_EQ(r.reason, rejected[i].reason);
            ASSERT_TRUE(r.header);
            EXPECT_EQ(r.header->sequence_number, rejected[i].sequence);
        }
        ASSERT_TRUE(out[3]);
        EXPECT_EQ(std::get<bind_transceiver>(out[3]->body).system_id, "esme1");
        EXPECT_TRUE(out[4]);
        ASSERT_FALSE(out[5]);
        EXPECT_EQ(out[5].error().reason, errc::string_too_long);
        EXPECT_EQ(out[5].error().header->sequence_number, 0x26u);
        ASSERT_TRUE(out[6]);
        EXPECT_EQ(out[6]->id(), command_id::unbind);
    }
}

TEST(SmppDecoder, ShortCommandLengthStopsTheDecoderWithTheHeader) {
    const std::vector<std::uint8_t> bytes = concat({
        encoded(pdu{0, 1, enquire_link{}}),
        hex_bytes("0000000f 00000015 00000000 00000009"),
        encoded(pdu{0, 2, enquire_link{}}),
    });
    decoder dec;
    std::vector<decoded> out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        EXPECT_EQ(dec.feed(std::span{bytes}.subspan(i, 1)), 1u);
        if (auto d = dec.next()) {
            out.push_back(std::move(*d));
            if (out.size() == 2) {
                EXPECT_EQ(i, 31u) << "rejected as soon as its 16 header bytes are in";
            }
        }
    }
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(out[0]);
    ASSERT_FALSE(out[1]);
    const rejection r = out[1].error();
    EXPECT_EQ(r.reason, errc::bad_command_length);
    ASSERT_TRUE(r.header);
    EXPECT_EQ(r.header->command_length, 15u);
    EXPECT_EQ(r.header->sequence_number, 9u);
    EXPECT_EQ(make_generic_nack(r), (pdu{status::esme_rinvcmdlen, 9, generic_nack{}}));
    EXPECT_TRUE(dec.failed());
    EXPECT_EQ(dec.buffered(), 0u);
    EXPECT_EQ(dec.feed(std::string_view{"anything"}), 8u);
    EXPECT_FALSE(dec.next().has_value());
}

TEST(SmppDecoder, HugeCommandLengthIsRejectedWithoutWaitingForTheBody) {
    decoder dec;
    ASSERT_EQ(dec.feed(hex_bytes("7fffffff 00000004 00000000 00000003")), 16u);
    auto d = dec.next();
    ASSERT_TRUE(d.has_value());
    ASSERT_FALSE(*d);
    EXPECT_EQ(d->error().reason, errc::bad_command_length);
    EXPECT_EQ(d->error().header->sequence_number, 3u);
    EXPECT_TRUE(dec.failed());
}

TEST(SmppDecoder, LimitAtMaxAndMaxPlusOne) {
    // deliver_sm_resp with an 8-character message_id: 16 + 9 = 25 octets.
    const std::vector<std::uint8_t> bytes = encoded(pdu{0, 5, deliver_sm_resp{"12345678", {}}});
    ASSERT_EQ(bytes.size(), 25u);
    const auto at = run_stream(bytes, 1, limits{.max_pdu_length = 25});
    ASSERT_EQ(at.size(), 1u);
    EXPECT_TRUE(at[0]);
    const auto over = run_stream(bytes, 1, limits{.max_pdu_length = 24});
    ASSERT_EQ(over.size(), 1u);
    ASSERT_FALSE(over[0]);
    EXPECT_EQ(over[0].error().reason, errc::bad_command_length);
    // The default: 64 KiB.
    EXPECT_EQ(decoder{}.capacity(), 65536u);
    EXPECT_EQ(decoder{limits{.max_pdu_length = 3}}.capacity(), header_size);
}

TEST(SmppDecoder, AFullBufferTakesFewerBytesAndNextMakesRoom) {
    const limits lim{.max_pdu_length = 32};
    std::vector<std::uint8_t> bytes;
    for (std::uint32_t seq = 1; seq <= 10; ++seq) {
        const auto one = encoded(pdu{0, seq, enquire_link{}});
        bytes.insert(bytes.end(), one.begin(), one.end());
    }
    decoder dec{lim};
    EXPECT_EQ(dec.feed(bytes), 32u);
    EXPECT_EQ(dec.feed(bytes), 0u);
    const auto out = run_stream(bytes, 0, lim);
    ASSERT_EQ(out.size(), 10u);
    for (std::uint32_t i = 0; i < 10; ++i) {
        ASSERT_TRUE(out[i]);
        EXPECT_EQ(out[i]->sequence_number, i + 1);
    }
}

TEST(SmppDecoder, FeedsBytesAndStrings) {
    const std::vector<std::uint8_t> bytes = encoded(pdu{0, 1, enquire_link{}});
    decoder dec;
    const std::span<const std::byte> as_bytes = std::as_bytes(std::span{bytes}.first(4));
    EXPECT_EQ(dec.feed(as_bytes), 4u);
    const std::string rest(bytes.begin() + 4, bytes.end());
    EXPECT_EQ(dec.feed(std::string_view{rest}), 12u);
    auto d = dec.next();
    ASSERT_TRUE(d && *d);
    EXPECT_EQ((*d)->id(), command_id::enquire_link);
}

}  // namespace
}  // namespace alarmd::protocols::smpp::test
