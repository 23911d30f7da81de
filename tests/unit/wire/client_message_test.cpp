// A guard console's requests: refusals carry the request's ref when it could be read, resume
// needs a non-negative after_seq, and a manual report becomes an operator event located by the
// guard (never a device).
#include "daemon/wire/client_message.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace alarmd::wire {
namespace {

namespace json = boost::json;

TEST(ClientMessage, ARequestKeepsItsTypeRefAndFields) {
    auto m = parse_client_message(R"({"type":"ack","incident":"inc-1","ref":"r1"})");
    ASSERT_TRUE(m);
    EXPECT_EQ(m->type, "ack");
    EXPECT_EQ(m->ref, json::value("r1"));
    EXPECT_EQ(m->fields.at("incident").as_string(), "inc-1");
    EXPECT_FALSE(m->after_seq);
}

TEST(ClientMessage, RefusalsSayWhyAndEchoTheRef) {
    auto not_object = parse_client_message("[1,2]");
    ASSERT_FALSE(not_object);
    EXPECT_TRUE(not_object.error().ref.is_null());
    EXPECT_NE(not_object.error().message.find("JSON object"), std::string::npos);

    auto no_type = parse_client_message(R"({"ref":9})");
    ASSERT_FALSE(no_type);
    EXPECT_EQ(no_type.error().ref, json::value(9));
    EXPECT_EQ(no_type.error().message, "type: required");

    EXPECT_FALSE(parse_client_message(R"({"type":""})"));
    EXPECT_FALSE(parse_client_message(R"({"type":7})"));
    EXPECT_FALSE(parse_client_message("{\"type\":\"ack\""));
}

TEST(ClientMessage, ResumeNeedsANonNegativeAfterSeq) {
    auto ok = parse_client_message(R"({"type":"resume","after_seq":18446744073709551615})");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->after_seq, 18446744073709551615ull);
    auto zero = parse_client_message(R"({"type":"resume","after_seq":0})");
    ASSERT_TRUE(zero);
    EXPECT_EQ(zero->after_seq, 0u);
    for (const auto* bad : {R"({"type":"resume"})", R"({"type":"resume","after_seq":-4})",
                            R"({"type":"resume","after_seq":"12"})",
                            R"({"type":"resume","after_seq":1.5})"}) {
        auto r = parse_client_message(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().message, "after_seq: required, a non-negative integer");
    }
}

TEST(ManualReport, BecomesAnOperatorEventAtTheGivenLocation) {
    auto fields = json::parse(R"({"type":"report","category":"water_leak","text":"2F 水管漏水",
        "location":{"building":"B1","floor":2,"unit":"201"}})")
                      .as_object();
    auto ev = manual_report_event(fields, "g03", "张三");
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->from, core::source::operator_);
    EXPECT_EQ(ev->device, "operator");
    EXPECT_EQ(ev->zone, "g03");
    EXPECT_EQ(ev->what, core::category::water_leak);
    EXPECT_EQ(ev->where.building, "B1");
    EXPECT_EQ(ev->where.floor, 2);
    EXPECT_EQ(ev->where.unit, "201");
    EXPECT_EQ(ev->where.label, "2F 水管漏水") << "the text labels it when no label is given";
    EXPECT_EQ(ev->code, "manual");
    EXPECT_NE(ev->raw.find("water_leak"), std::string::npos);

    auto bare = manual_report_event(json::parse(R"({"category":"door","building":"B2"})")
                                        .as_object(),
                                    "g01", "李四");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->where.building, "B2");
    EXPECT_EQ(bare->where.label, "reported by 李四");
}

TEST(ManualReport, BadFieldsAreNamed) {
    struct case_t {
        const char* json;
        const char* field;
    };
    for (const auto& c : std::vector<case_t>{
             {R"({"location":{"building":"B1"}})", "category"},
             {R"({"category":"smoke","building":"B1"})", "category"},
             {R"({"category":"fire"})", "location.building"},
             {R"({"category":"fire","location":{"building":"B1","floor":99999999999}})",
              "location.floor"},
         }) {
        auto r = manual_report_event(json::parse(c.json).as_object(), "g01", "g01");
        ASSERT_FALSE(r) << c.json;
        EXPECT_EQ(r.error().field, c.field) << c.json;
    }
}

}  // namespace
}  // namespace alarmd::wire
