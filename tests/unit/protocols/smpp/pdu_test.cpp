// PDU encode and one-shot parse: byte-exact wire examples, a round trip of every PDU type, and
// every way a body is rejected.
#include "protocols/smpp/pdu.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "protocols/smpp/encoder.hpp"
#include "protocols/smpp/error.hpp"
#include "tests/unit/protocols/smpp/test_support.hpp"

namespace alarmd::protocols::smpp::test {
namespace {

// Encodes `p`, checks the bytes against `hex`, parses them back and checks they read as `p`.
void expect_wire(const pdu& p, std::string_view hex) {
    const std::vector<std::uint8_t> bytes = encoded(p);
    EXPECT_EQ(hex_text(bytes), hex_text(hex_bytes(hex)));
    const decoded back = parse_pdu(bytes);
    ASSERT_TRUE(back) << back.error().reason.message();
    EXPECT_EQ(*back, p);
}

// Brief §1, produced by node-smpp 0.5.1.
TEST(SmppPdu, EnquireLinkMatchesTheWireExample) {
    expect_wire(pdu{0, 7, enquire_link{}}, "00000010 00000015 00000000 00000007");
}

TEST(SmppPdu, BindTransceiverMatchesTheWireExample) {
    expect_wire(pdu{0, 1, make_bind<bind_transceiver>("esme1", "pw")},
                "0000001e 00000009 00000000 00000001 65736d653100 707700 00 34 00 00 00");
}

// Same body as bind_transceiver (3.4 §4.1.1), command_id 2: 16 + 6 + 3 + 1 + 3 + 1 = 30 octets.
TEST(SmppPdu, BindTransmitterByHand) {
    expect_wire(pdu{0, 1, make_bind<bind_transmitter>("esme1", "pw")},
                "0000001e 00000002 00000000 00000001 65736d653100 707700 00 34 00 00 00");
    // system_type "SMS", ton 1, npi 1, address_range "86": 16 + 6 + 3 + 4 + 3 + 3 = 35.
    expect_wire(pdu{0, 0x7FFFFFFF,
                    bind_transmitter{.system_id = "esme1",
                                     .password = "pw",
                                     .system_type = "SMS",
                                     .interface_version = 0x34,
                                     .addr_ton = 1,
                                     .addr_npi = 1,
                                     .address_range = "86",
                                     .tlvs = {}}},
                "00000023 00000002 00000000 7fffffff 65736d653100 707700 534d5300 34 01 01 383600");
}

// Brief §1: UCS-2 "火警" (U+706B U+8B66) to 13800138000, receipt requested.
TEST(SmppPdu, SubmitSmMatchesTheWireExample) {
    submit_sm m;
    m.source_addr = "10690001";
    m.destination_addr = "13800138000";
    m.registered_delivery = 1;
    m.data_coding = 8;
    m.short_message = {0x70, 0x6b, 0x8b, 0x66};
    expect_wire(pdu{0, 2, m},
                "00000038 00000004 00000000 00000002 00 00 00 313036393030303100 00 00"
                " 3133383030313338303030 00 00 00 00 00 00 01 00 08 00 04 706b8b66");
}

// A delivery receipt as node-smpp's fake SMSC sends it (brief §7), by hand: 16 + 1 + 16 + 11
// + 3 + 2 + 4 + 1 + 94 (text) + 7 (receipted_message_id "m1") + 5 (message_state 2) = 160.
TEST(SmppPdu, DeliverSmReceiptByHand) {
    deliver_sm m;
    m.source_addr_ton = 1;
    m.source_addr_npi = 1;
    m.source_addr = "8613800138000";
    m.destination_addr = "10690001";
    m.esm_class = 0x04;
    m.short_message = bytes_of(
        "id:m1 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD "
        "err:000 text:");
    m.tlvs = {make_tlv_c_string(tag::receipted_message_id, "m1"),
              make_tlv_u8(tag::message_state, 2)};
    expect_wire(pdu{0, 10, m},
                "000000a0 00000005 00000000 0000000a"
                " 00 01 01 3836313338303031333830303000 00 00 313036393030303100"
                " 04 00 00 00 00 00 00 00 00 5e"
                " 69643a6d3120 7375623a30303120 646c7672643a30303120"
                " 7375626d697420646174653a3234303130313132303020"
                " 646f6e6520646174653a3234303130313132303120"
                " 737461743a44454c49565244 20 6572723a30303020 746578743a"
                " 001e 0003 6d3100 0427 0001 02");
}

TEST(SmppPdu, ResponsesByHand) {
    expect_wire(pdu{0, 1, bind_transceiver_resp{"FAKESMSC", {}}},
                "00000019 80000009 00000000 00000001 46414b45534d534300");
    expect_wire(pdu{0, 2, submit_sm_resp{"m1", {}}}, "00000013 80000004 00000000 00000002 6d3100");
    expect_wire(pdu{0, 3, deliver_sm_resp{}}, "00000011 80000005 00000000 00000003 00");
    expect_wire(pdu{0, 7, enquire_link_resp{}}, "00000010 80000015 00000000 00000007");
    expect_wire(pdu{0, 4, unbind{}}, "00000010 00000006 00000000 00000004");
    expect_wire(pdu{0, 4, unbind_resp{}}, "00000010 80000006 00000000 00000004");
    expect_wire(pdu{3, 9, generic_nack{}}, "00000010 80000000 00000003 00000009");
    // A failure without anything to say is sent without body (3.4 §4.4.2).
    expect_wire(pdu{status::esme_rthrottled, 5, submit_sm_resp{}},
                "00000010 80000004 00000058 00000005");
    expect_wire(pdu{status::esme_rinvpaswd, 1, bind_transmitter_resp{}},
                "00000010 80000002 0000000e 00000001");
    // bind_*_resp with sc_interface_version 0x34.
    expect_wire(
        pdu{0, 1, bind_transmitter_resp{"S", {make_tlv_u8(tag::sc_interface_version, 0x34)}}},
        "00000017 80000002 00000000 00000001 5300 0210 0001 34");
}

// Every PDU type, with every field away from its default where it has one.
std::vector<pdu> every_pdu() {
    submit_sm s;
    s.service_type = "CMT";
    s.source_addr_ton = 5;
    s.source_addr_npi = 0;
    s.source_addr = "ALARMD";
    s.dest_addr_ton = 1;
    s.dest_addr_npi = 1;
    s.destination_addr = "8613800138000";
    s.esm_class = 0x40;
    s.protocol_id = 1;
    s.priority_flag = 2;
    s.schedule_delivery_time = "240101120000000+";
    s.validity_period = "000001000000000R";
    s.registered_delivery = 1;
    s.replace_if_present_flag = 1;
    s.data_coding = 8;
    s.sm_default_msg_id = 3;
    s.short_message = std::vector<std::uint8_t>(254, 0x41);
    s.tlvs = {make_tlv_u16(tag::sar_msg_ref_num, 0x1234), make_tlv_u8(tag::sar_total_segments, 2),
              make_tlv_u8(tag::sar_segment_seqnum, 1), tlv{0x1400, {}}};
    deliver_sm d;
    d.source_addr = "13800138000";
    d.destination_addr = "10690001";
    d.esm_class = 0x04;
    d.tlvs = {tlv{tag::message_payload, std::vector<std::uint8_t>(300, 0x42)},
              make_tlv_c_string(tag::receipted_message_id, std::string(64, '9')),
              make_tlv_u8(tag::message_state, 5), tlv{tag::network_error_code, {3, 0, 11}}};
    bind_transceiver with_tlv = make_bind<bind_transceiver>("x");
    with_tlv.tlvs = {tlv{0x7777, {1, 2}}};
    return {
        pdu{0, 1,
            bind_transmitter{.system_id = std::string(15, 's'),
                             .password = std::string(8, 'p'),
                             .system_type = std::string(12, 't'),
                             .interface_version = 0x33,
                             .addr_ton = 1,
                             .addr_npi = 1,
                             .address_range = std::string(40, 'a'),
                             .tlvs = {}}},
        pdu{0, 2, make_bind<bind_receiver>("r", "p")},
        pdu{0, 3, with_tlv},
        pdu{0, 1, bind_transmitter_resp{std::string(15, 'S'), {}}},
        pdu{0, 2, bind_receiver_resp{"R", {}}},
        pdu{status::esme_rbindfail, 3, bind_transceiver_resp{}},
        pdu{0, 4, s},
        pdu{0, 4, submit_sm_resp{std::string(64, 'f'), {}}},
        pdu{status::esme_rmsgqful, 4, submit_sm_resp{}},
        pdu{0, 0x7FFFFFFF, d},
        pdu{0, 0x7FFFFFFF, deliver_sm_resp{}},
        pdu{0, 8, enquire_link{}},
        pdu{0, 8, enquire_link_resp{}},
        pdu{0, 9, unbind{}},
        pdu{0, 9, unbind_resp{}},
        pdu{status::esme_rinvcmdid, 10, generic_nack{}},
        pdu{0, 11, raw_body{static_cast<command_id>(0x00000103), {0, 1, 2, 3}}},  // data_sm
        pdu{0, 12, raw_body{command_id::outbind, {}}},
        pdu{0, 13, raw_body{static_cast<command_id>(0x800000FF), {9}}},
    };
}

TEST(SmppPdu, EveryPduRoundTripsAndReencodesToTheSameBytes) {
    for (const pdu& p : every_pdu()) {
        const std::vector<std::uint8_t> bytes = encoded(p);
        const decoded back = parse_pdu(bytes);
        ASSERT_TRUE(back) << static_cast<std::uint32_t>(p.id()) << ": "
                          << back.error().reason.message();
        EXPECT_EQ(*back, p) << static_cast<std::uint32_t>(p.id());
        EXPECT_EQ(back->id(), p.id());
        EXPECT_EQ(encoded(*back), bytes);
        ASSERT_GE(bytes.size(), header_size);
        const header h = read_header(std::span{bytes}.first<header_size>());
        EXPECT_EQ(h.command_length, bytes.size());
        EXPECT_EQ(h.id, p.id());
        EXPECT_EQ(h.sequence_number, p.sequence_number);
    }
}

TEST(SmppPdu, EncodeAppendsAfterWhatIsThere) {
    std::vector<std::uint8_t> out{0xAA};
    ASSERT_TRUE(encode(pdu{0, 7, enquire_link{}}, out));
    ASSERT_TRUE(encode(pdu{0, 8, enquire_link{}}, out));
    EXPECT_EQ(hex_text(out),
              "aa"
              "00000010000000150000000000000007"
              "00000010000000150000000000000008");
}

error_code parse_error(std::string_view hex, const limits& lim = {}) {
    const decoded d = parse_pdu(hex_bytes(hex), lim);
    if (d) {
        return {};
    }
    return d.error().reason;
}

TEST(SmppPdu, OneShotParseChecksLengths) {
    EXPECT_EQ(parse_error("00000010 00000015 00000000"), errc::truncated);
    EXPECT_EQ(parse_error("0000000f 00000015 00000000 00000007"), errc::bad_command_length);
    EXPECT_EQ(parse_error("00000000 00000015 00000000 00000007"), errc::bad_command_length);
    EXPECT_EQ(parse_error("00010001 00000015 00000000 00000007"), errc::bad_command_length);
    EXPECT_EQ(parse_error("00000011 00000015 00000000 00000007"), errc::truncated);
    EXPECT_EQ(parse_error("00000010 00000015 00000000 00000007 00"), errc::trailing_bytes);
    // The limit at max and max + 1.
    const limits lim{.max_pdu_length = 17};
    EXPECT_EQ(parse_error("00000011 80000005 00000000 00000003 00", lim), error_code{});
    EXPECT_EQ(parse_error("00000012 80000005 00000000 00000003 6100", lim),
              errc::bad_command_length);
}

TEST(SmppPdu, RejectionsCarryTheHeader) {
    const decoded d = parse_pdu(hex_bytes("00000014 80000004 00000000 0000002a 61626364"));
    ASSERT_FALSE(d);
    const rejection r = d.error();
    EXPECT_EQ(r.reason, errc::unterminated_string);
    ASSERT_TRUE(r.header.has_value());
    EXPECT_EQ(r.header->sequence_number, 0x2Au);
    EXPECT_EQ(r.header->id, command_id::submit_sm_resp);
    EXPECT_EQ(r.header->command_length, 20u);
    EXPECT_FALSE(parse_pdu(hex_bytes("0000")).error().header.has_value());
    EXPECT_THROW((void)parse_pdu(hex_bytes("00")).value(), boost::system::system_error);
}

TEST(SmppPdu, CStringsMustEndWithinTheirMaximum) {
    // submit_sm_resp message_id: 64 characters fit, 65 do not.
    const std::string id64(64, 'a');
    const std::string id65(65, 'a');
    const auto resp = [](const std::string& id, bool nul) {
        std::vector<std::uint8_t> b = hex_bytes("00000000 80000004 00000000 00000001");
        b.insert(b.end(), id.begin(), id.end());
        if (nul) {
            b.push_back(0);
        }
        b[3] = static_cast<std::uint8_t>(b.size());
        return b;
    };
    EXPECT_TRUE(parse_pdu(resp(id64, true)));
    EXPECT_EQ(parse_pdu(resp(id65, true)).error().reason, errc::string_too_long);
    EXPECT_EQ(parse_pdu(resp(id64, false)).error().reason, errc::unterminated_string);
    EXPECT_EQ(parse_pdu(resp(id65, false)).error().reason, errc::string_too_long);
    // bind system_id: 15 fit, 16 do not.
    EXPECT_TRUE(parse_pdu(encoded(pdu{0, 1, make_bind<bind_transmitter>(std::string(15, 'x'))})));
    EXPECT_EQ(parse_error("00000027 00000002 00000000 00000001 78787878787878787878787878787878"
                          " 00 00 00 34 00 00 00"),
              errc::string_too_long);
    // address: 20 fit, 21 do not (source_addr of a submit_sm).
    submit_sm m;
    m.source_addr = std::string(20, '1');
    std::vector<std::uint8_t> ok = encoded(pdu{0, 1, m});
    EXPECT_TRUE(parse_pdu(ok));
    std::vector<std::uint8_t> bad = ok;
    bad.insert(bad.begin() + header_size + 1 + 2, '1');
    bad[3] = static_cast<std::uint8_t>(bad.size());
    EXPECT_EQ(parse_pdu(bad).error().reason, errc::string_too_long);
}

TEST(SmppPdu, BodyErrors) {
    // bind without its last fields.
    EXPECT_EQ(parse_error("0000001a 00000002 00000000 00000001 65736d653100 707700 00"),
              errc::short_body);
    // enquire_link, unbind, generic_nack: no body at all.
    EXPECT_EQ(parse_error("00000011 00000015 00000000 00000007 00"), errc::unexpected_body);
    EXPECT_EQ(parse_error("00000014 00000006 00000000 00000007 00000000"), errc::unexpected_body);
    EXPECT_EQ(parse_error("00000011 80000000 00000000 00000007 00"), errc::unexpected_body);
    // A successful submit_sm_resp needs its message_id.
    EXPECT_EQ(parse_error("00000010 80000004 00000000 00000002"), errc::unterminated_string);
    // A request needs its body even with a status.
    EXPECT_EQ(parse_error("00000010 00000004 00000001 00000002"), errc::unterminated_string);
}

// submit_sm with `tail` after data_coding: sm_default_msg_id, sm_length, message, TLVs.
std::vector<std::uint8_t> submit_with(std::string_view tail) {
    std::vector<std::uint8_t> b = hex_bytes(
        "00000000 00000004 00000000 00000001 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
    const std::vector<std::uint8_t> t = hex_bytes(tail);
    b.insert(b.end(), t.begin(), t.end());
    b[2] = static_cast<std::uint8_t>(b.size() >> 8);
    b[3] = static_cast<std::uint8_t>(b.size() & 0xFF);
    return b;
}

TEST(SmppPdu, ShortMessageAndTlvErrors) {
    EXPECT_TRUE(parse_pdu(submit_with("00 02 4142")));
    EXPECT_TRUE(parse_pdu(submit_with("00 00 0424 0002 4142")));
    EXPECT_EQ(parse_pdu(submit_with("00 03 4142")).error().reason, errc::bad_sm_length);
    std::string over = "00 ff ";
    for (int i = 0; i < 255; ++i) {
        over += "41";
    }
    EXPECT_EQ(parse_pdu(submit_with(over)).error().reason, errc::bad_sm_length);
    EXPECT_EQ(parse_pdu(submit_with("00")).error().reason, errc::short_body);
    // TLVs: fewer than 4 octets left, or a length beyond the body.
    EXPECT_EQ(parse_pdu(submit_with("00 00 04")).error().reason, errc::bad_tlv);
    EXPECT_EQ(parse_pdu(submit_with("00 00 0424 00")).error().reason, errc::bad_tlv);
    EXPECT_EQ(parse_pdu(submit_with("00 00 0424 0003 4142")).error().reason, errc::bad_tlv);
    EXPECT_EQ(parse_pdu(submit_with("00 00 0424 0002 4142 0427")).error().reason, errc::bad_tlv);
    EXPECT_EQ(parse_error("00000018 80000004 00000000 00000002 6d3100 001e 0002 41"),
              errc::bad_tlv);
}

TEST(SmppPdu, TlvsKeepTheirOrderAndDuplicates) {
    const decoded d = parse_pdu(submit_with("00 00 0427 0001 02 001e 0000 0427 0001 05 1234 0000"));
    ASSERT_TRUE(d);
    const auto& m = std::get<submit_sm>(d->body);
    ASSERT_EQ(m.tlvs.size(), 4u);
    EXPECT_EQ(m.tlvs[0], make_tlv_u8(tag::message_state, 2));
    EXPECT_EQ(m.tlvs[3].tag, 0x1234);
    EXPECT_EQ(tlv_u8(m.tlvs, tag::message_state), 2);  // the first one
    EXPECT_EQ(tlv_c_string(m.tlvs, tag::receipted_message_id), "");
    EXPECT_FALSE(tlv_u16(m.tlvs, tag::message_state).has_value());  // wrong length
    EXPECT_FALSE(tlv_u8(m.tlvs, tag::sar_total_segments).has_value());
    EXPECT_EQ(find_tlv(m.tlvs, 0x1234), &m.tlvs[3]);
}

TEST(SmppPdu, TlvHelpers) {
    const tlv_list l{make_tlv_u16(tag::sar_msg_ref_num, 0xBEEF),
                     tlv{tag::receipted_message_id, {'a', 'b'}}};
    EXPECT_EQ(l[0].value, (std::vector<std::uint8_t>{0xBE, 0xEF}));
    EXPECT_EQ(tlv_u16(l, tag::sar_msg_ref_num), 0xBEEF);
    EXPECT_EQ(tlv_c_string(l, tag::receipted_message_id), "ab");  // missing NUL tolerated
    EXPECT_EQ(make_tlv_c_string(1, "ab").value, (std::vector<std::uint8_t>{'a', 'b', 0}));
}

TEST(SmppPdu, UnknownCommandsKeepTheirBody) {
    const decoded d = parse_pdu(hex_bytes("00000014 00000103 00000000 00000005 01020304"));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->id(), static_cast<command_id>(0x103));
    const auto& raw = std::get<raw_body>(d->body);
    EXPECT_EQ(raw.body, (std::vector<std::uint8_t>{1, 2, 3, 4}));
}

TEST(SmppPdu, FailureResponsesMayComeWithoutBody) {
    for (const char* hex :
         {"00000010 80000004 00000058 00000005", "00000010 80000005 00000008 00000005",
          "00000010 80000009 0000000d 00000005"}) {
        const decoded d = parse_pdu(hex_bytes(hex));
        ASSERT_TRUE(d) << hex;
        EXPECT_NE(d->command_status, 0u);
        EXPECT_EQ(hex_text(encoded(*d)), hex_text(hex_bytes(hex)));
    }
    // With a NUL body it reads the same, and is written back without it.
    const decoded d = parse_pdu(hex_bytes("00000011 80000004 00000058 00000005 00"));
    ASSERT_TRUE(d);
    EXPECT_EQ(hex_text(encoded(*d)), "00000010800000040000005800000005");
}

TEST(SmppPdu, CommandIdHelpers) {
    EXPECT_EQ(response_id(command_id::submit_sm), command_id::submit_sm_resp);
    EXPECT_EQ(response_id(command_id::bind_transceiver), command_id::bind_transceiver_resp);
    EXPECT_EQ(response_id(command_id::enquire_link), command_id::enquire_link_resp);
    EXPECT_TRUE(is_response(command_id::generic_nack));
    EXPECT_TRUE(is_response(command_id::deliver_sm_resp));
    EXPECT_FALSE(is_response(command_id::deliver_sm));
}

}  // namespace
}  // namespace alarmd::protocols::smpp::test
