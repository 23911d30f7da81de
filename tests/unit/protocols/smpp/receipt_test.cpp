// Delivery receipts: texts as SMSCs send them, the TLVs winning over the text, id matching.
#include "protocols/smpp/receipt.hpp"

#include <gtest/gtest.h>

#include <string>

#include "protocols/smpp/error.hpp"
#include "tests/unit/protocols/smpp/test_support.hpp"

namespace alarmd::protocols::smpp::test {
namespace {

TEST(SmppReceipt, TheAppendixFormat) {
    const auto r = parse_receipt_text(
        "id:0123456789 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 "
        "stat:DELIVRD err:000 text:Fire alarm B3");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "0123456789");
    EXPECT_EQ(r->state, message_state::delivered);
    EXPECT_EQ(r->err, "000");
    EXPECT_EQ(r->sub, "001");
    EXPECT_EQ(r->dlvrd, "001");
    EXPECT_EQ(r->submit_date, "2401011200");
    EXPECT_EQ(r->done_date, "2401011201");
    EXPECT_EQ(r->text, "Fire alarm B3");
    EXPECT_FALSE(r->network_error);
}

TEST(SmppReceipt, SecondsInDatesAndACapitalText) {
    const auto r = parse_receipt_text(
        "id:7220169415 sub:001 dlvrd:001 submit date:170418142455 done date:170418142502 "
        "stat:DELIVRD err:000 Text:Test message");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "7220169415");
    EXPECT_EQ(r->submit_date, "170418142455");
    EXPECT_EQ(r->done_date, "170418142502");
    EXPECT_EQ(r->text, "Test message");
}

TEST(SmppReceipt, FailureStates) {
    const struct {
        const char* text;
        message_state state;
        const char* err;
    } cases[] = {
        {"id:1A2B3C4D sub:001 dlvrd:000 submit date:2401011200 done date:2401020000 "
         "stat:UNDELIV err:001 text:",
         message_state::undeliverable, "001"},
        {"id:1 sub:001 dlvrd:000 submit date:2401011200 done date:2401030000 stat:EXPIRED "
         "err:000 text:",
         message_state::expired, "000"},
        {"id:2 sub:001 dlvrd:000 submit date:2401011200 done date:2401011200 stat:REJECTD "
         "err:0B3 text:",
         message_state::rejected, "0B3"},
        {"id:3 sub:001 dlvrd:000 submit date:2401011200 done date:2401011200 stat:DELETED "
         "err:000 text:",
         message_state::deleted, "000"},
        {"id:4 stat:UNKNOWN err:999", message_state::unknown, "999"},
        {"id:5 stat:ACCEPTD err:000", message_state::accepted, "000"},
        {"id:6 stat:ENROUTE", message_state::enroute, ""},
        {"id:7 stat:UNDELIVERABLE err:5", message_state::undeliverable, "5"},
        {"id:8 stat:FAILED", message_state::unknown, ""},  // not a 3.4 value
        {"id:9", message_state::unknown, ""},
    };
    for (const auto& c : cases) {
        const auto r = parse_receipt_text(c.text);
        ASSERT_TRUE(r) << c.text;
        EXPECT_EQ(r->state, c.state) << c.text;
        EXPECT_EQ(r->err, c.err) << c.text;
    }
}

TEST(SmppReceipt, KeysInAnyCaseAndOrderUnknownKeysSkipped) {
    const auto r = parse_receipt_text(
        "ID:42 SUB:001 DLVRD:000 SUBMIT DATE:2401011200 DONE DATE:2401011201 STAT:rejectd "
        "ERR:0B3 TEXT:abc");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "42");
    EXPECT_EQ(r->state, message_state::rejected);
    EXPECT_EQ(r->err, "0B3");
    EXPECT_EQ(r->done_date, "2401011201");
    EXPECT_EQ(r->text, "abc");

    const auto s =
        parse_receipt_text("stat:DELIVRD foo:bar  done_date:2401011201  id:abc-123 err:000\r\n");
    ASSERT_TRUE(s);
    EXPECT_EQ(s->message_id, "abc-123");
    EXPECT_EQ(s->state, message_state::delivered);
    EXPECT_EQ(s->done_date, "2401011201");
    EXPECT_EQ(s->err, "000");
}

TEST(SmppReceipt, TextIsTheRestAndDoesNotOverrideFields) {
    const auto r = parse_receipt_text("id:m7 stat:DELIVRD err:000 text:stat:UNDELIV id:x y");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "m7");
    EXPECT_EQ(r->state, message_state::delivered);
    EXPECT_EQ(r->text, "stat:UNDELIV id:x y");
    // The first of a repeated key wins.
    EXPECT_EQ(parse_receipt_text("id:a id:b stat:EXPIRED stat:DELIVRD")->message_id, "a");
    EXPECT_EQ(parse_receipt_text("id:a stat:EXPIRED stat:DELIVRD")->state, message_state::expired);
}

TEST(SmppReceipt, WithoutIdItIsNoReceipt) {
    EXPECT_EQ(parse_receipt_text("").error(), errc::bad_receipt);
    EXPECT_EQ(parse_receipt_text("sub:001 stat:DELIVRD").error(), errc::bad_receipt);
    EXPECT_EQ(parse_receipt_text("id: sub:001 stat:DELIVRD").error(), errc::bad_receipt);
    EXPECT_EQ(parse_receipt_text("hello, are you there?").error(), errc::bad_receipt);
}

deliver_sm receipt_pdu(std::string_view text) {
    deliver_sm m;
    m.source_addr = "13800138000";
    m.destination_addr = "10690001";
    m.esm_class = esm_class_delivery_receipt;
    m.short_message = bytes_of(text);
    return m;
}

TEST(SmppReceipt, FromADeliverSmTheTlvsWin) {
    deliver_sm m = receipt_pdu(
        "id:m1 sub:001 dlvrd:001 submit date:2401011200 done date:2401011201 stat:DELIVRD "
        "err:000 text:");
    auto r = parse_receipt(m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "m1");
    EXPECT_EQ(r->state, message_state::delivered);

    m.tlvs = {make_tlv_c_string(tag::receipted_message_id, "0A1B"),
              make_tlv_u8(tag::message_state, 5), tlv{tag::network_error_code, {3, 0x00, 0x0B}}};
    r = parse_receipt(m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "0A1B");
    EXPECT_EQ(r->state, message_state::undeliverable);
    EXPECT_EQ(r->err, "000");  // the text's, kept
    ASSERT_TRUE(r->network_error);
    EXPECT_EQ(r->network_error->type, 3);
    EXPECT_EQ(r->network_error->code, 0x0B);
}

TEST(SmppReceipt, TlvsAloneOrAPayloadText) {
    deliver_sm m = receipt_pdu("");
    EXPECT_EQ(parse_receipt(m).error(), errc::bad_receipt);
    m.tlvs = {make_tlv_c_string(tag::receipted_message_id, "m9"),
              make_tlv_u8(tag::message_state, 3)};
    auto r = parse_receipt(m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "m9");
    EXPECT_EQ(r->state, message_state::expired);

    // Text in message_payload; a message_state out of range and an empty id TLV are ignored.
    m.tlvs = {tlv{tag::message_payload, bytes_of("id:p1 stat:DELIVRD err:000 text:x")},
              make_tlv_u8(tag::message_state, 0), make_tlv_c_string(tag::receipted_message_id, "")};
    r = parse_receipt(m);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->message_id, "p1");
    EXPECT_EQ(r->state, message_state::delivered);
    // A message_state of the wrong length is ignored too.
    m.tlvs = {tlv{tag::message_payload, bytes_of("id:p1 stat:DELIVRD")},
              tlv{tag::message_state, {0, 5}}};
    EXPECT_EQ(parse_receipt(m)->state, message_state::delivered);
}

TEST(SmppReceipt, OnlyReceiptEsmClasses) {
    deliver_sm m = receipt_pdu("id:m1 stat:DELIVRD");
    m.esm_class = 0x00;  // a mobile-originated message
    EXPECT_EQ(parse_receipt(m).error(), errc::not_a_receipt);
    m.esm_class = 0x08;  // SME delivery acknowledgement
    EXPECT_EQ(parse_receipt(m).error(), errc::not_a_receipt);
    m.esm_class = 0x20;  // intermediate delivery notification
    EXPECT_TRUE(parse_receipt(m));
    m.esm_class = 0x44;  // receipt with UDHI
    EXPECT_TRUE(parse_receipt(m));
    EXPECT_TRUE(is_final(message_state::delivered));
    EXPECT_TRUE(is_final(message_state::rejected));
    EXPECT_FALSE(is_final(message_state::enroute));
    EXPECT_FALSE(is_final(message_state::accepted));
}

TEST(SmppReceipt, StatNames) {
    EXPECT_EQ(state_from_stat("DELIVRD"), message_state::delivered);
    EXPECT_EQ(state_from_stat("delivrd"), message_state::delivered);
    EXPECT_EQ(state_from_stat("ACCEPTD"), message_state::accepted);
    EXPECT_EQ(state_from_stat("REJECTED"), message_state::rejected);
    EXPECT_FALSE(state_from_stat("DELIV").has_value());
    EXPECT_FALSE(state_from_stat("").has_value());
}

TEST(SmppReceipt, MessageIdsMatchLeniently) {
    EXPECT_TRUE(message_ids_match("12345", "12345"));
    EXPECT_TRUE(message_ids_match("abc", "ABC"));
    EXPECT_TRUE(message_ids_match("000123", "123"));
    EXPECT_TRUE(message_ids_match("3039", "12345"));  // hex answer, decimal receipt
    EXPECT_TRUE(message_ids_match("12345", "3039"));  // and the reverse
    EXPECT_TRUE(message_ids_match("1a2b3c4d", "439041101"));
    EXPECT_FALSE(message_ids_match("12345", "12346"));
    EXPECT_FALSE(message_ids_match("m1", "m2"));
    EXPECT_FALSE(message_ids_match("", ""));
    EXPECT_FALSE(message_ids_match("1", ""));
    EXPECT_FALSE(message_ids_match("ffffffffffffffffff", "99999999999999999999"));
}

}  // namespace
}  // namespace alarmd::protocols::smpp::test
