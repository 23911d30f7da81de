// Every case of tests/vectors/sia-dc09/sia-dc09-public.jsonl: parse (one-shot and byte-at-a-
// time stream), CRC/length verdict, header and body fields, Contact ID / DC-03 payload, and the
// §7 response kind and bytes at the vector's receiver time.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "protocols/contact_id/decoder.hpp"
#include "protocols/sia_dc03/decoder.hpp"
#include "protocols/sia_dc09/decoder.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "protocols/sia_dc09/policy.hpp"
#include "tests/unit/protocols/sia_dc09/public_vectors.hpp"

namespace alarmd::protocols::sia_dc09::test {
namespace {

namespace json = boost::json;

// "2021-04-11T22:40:48Z"
std::chrono::sys_seconds parse_iso(const std::string& s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    EXPECT_EQ(std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &h, &mi, &sec), 6) << s;
    return utc(y, static_cast<unsigned>(mo), static_cast<unsigned>(d), h, mi, sec);
}

std::string opt_text(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? text(*v) : std::string{};
}

bool has_string(const json::object& o, const char* key) {
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string();
}

void check_fields(const json::object& e, const frame_header& h, const frame_body& b) {
    EXPECT_EQ((h.encrypted ? "*" : "") + h.id, text(e.at("id")));
    EXPECT_EQ(h.encrypted, e.at("encrypted").as_bool());
    EXPECT_EQ(seq_text(h.sequence), text(e.at("seq")));
    if (e.at("rcvr").is_null()) {
        EXPECT_FALSE(h.receiver.has_value());
    } else {
        ASSERT_TRUE(h.receiver.has_value());
        EXPECT_EQ(*h.receiver, text(e.at("rcvr")));
    }
    EXPECT_EQ(h.line, text(e.at("lpref")));
    EXPECT_EQ(h.account, text(e.at("acct")));
    EXPECT_EQ(b.data, text(e.at("data")));
    std::vector<std::string> xdata;
    for (const extended_block& x : b.extended) {
        xdata.push_back(std::string(1, x.id) + x.value);
    }
    std::vector<std::string> want;
    for (const json::value& x : e.at("xdata").as_array()) {
        want.push_back(text(x));
    }
    EXPECT_EQ(xdata, want);
    if (e.at("timestamp").is_null()) {
        EXPECT_FALSE(b.timestamp.has_value());
    } else {
        ASSERT_TRUE(b.timestamp.has_value());
        EXPECT_EQ(timestamp_text(*b.timestamp), text(e.at("timestamp")));
    }
    if (const json::value* pad = e.if_contains("pad_len")) {
        EXPECT_EQ(b.pad_size, pad->to_number<std::size_t>());
    }
}

void check_cid(const json::object& want, const std::string& data) {
    const auto ev = contact_id::decode(data);
    ASSERT_TRUE(ev) << ev.error().message();
    EXPECT_EQ(ev->account, text(want.at("acct")));
    EXPECT_EQ(static_cast<int>(ev->qual), std::stoi(text(want.at("qualifier"))));
    EXPECT_EQ(ev->code, std::stoi(text(want.at("event"))));
    EXPECT_EQ(ev->partition, std::stoi(text(want.at("group"))));
    EXPECT_EQ(ev->zone, std::stoi(text(want.at("zone"))));
}

void check_sia(const json::object& want, const std::string& data) {
    const auto msg = sia_dc03::decode(data);
    ASSERT_TRUE(msg) << msg.error().message();
    if (want.at("acct").is_null()) {
        EXPECT_FALSE(msg->account.has_value());
    } else {
        ASSERT_TRUE(msg->account.has_value());
        EXPECT_EQ(*msg->account, text(want.at("acct")));
    }
    EXPECT_EQ(std::string(1, static_cast<char>(msg->kind)), text(want.at("kind")));
    EXPECT_EQ(msg->text.value_or(""), opt_text(want, "text"));
    const json::array& events = want.at("events").as_array();
    ASSERT_EQ(msg->events.size(), events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        const json::object& w = events[i].as_object();
        const sia_dc03::event& ev = msg->events[i];
        EXPECT_EQ(ev.code, text(w.at("code")));
        EXPECT_EQ(ev.param, text(w.at("param")));
        EXPECT_EQ(ev.text, opt_text(w, "text"));
        const auto modifier_value = [&](const char* name) {
            const sia_dc03::modifier* m = ev.find(name);
            return m != nullptr ? m->value : std::string{};
        };
        EXPECT_EQ(modifier_value("ri"), opt_text(w, "ri"));
        EXPECT_EQ(modifier_value("id"), opt_text(w, "id"));
        EXPECT_EQ(modifier_value("ti"), opt_text(w, "ti"));
        const sia_dc03::modifier* ri = ev.find("ri");
        EXPECT_EQ(ri != nullptr ? ri->text : std::string{}, opt_text(w, "ri_text"));
    }
}

class SiaDc09PublicVectors : public ::testing::TestWithParam<public_vector> {};

TEST_P(SiaDc09PublicVectors, ParsesAndAnswersAsExpected) {
    const public_vector& v = GetParam();
    const json::object& e = v.expect;
    const auto now =
        has_string(e, "receiver_now_utc")
            ? std::chrono::system_clock::time_point{parse_iso(text(e.at("receiver_now_utc")))}
            : std::chrono::system_clock::time_point{utc(2024, 1, 1, 0, 0, 0)};
    key_lookup keys;
    if (v.key) {
        keys = [key = *v.key](std::string_view) { return std::optional{key}; };
    }

    const decoded one_shot = parse_datagram(v.input, keys);

    decoder stream{keys};
    std::vector<decoded> frames;
    for (const char c : v.input) {
        ASSERT_EQ(stream.feed(std::string_view{&c, 1}), 1u);
        while (auto d = stream.next()) {
            frames.push_back(std::move(*d));
        }
    }
    const bool non_frame = opt_text(e, "error") == "not a LF...CR frame";
    if (non_frame) {
        EXPECT_TRUE(frames.empty());
        EXPECT_EQ(reason_of(one_shot), errc::not_a_frame);
    } else {
        ASSERT_EQ(frames.size(), 1u);
        EXPECT_EQ(to_text(frames.front()), to_text(one_shot));
    }

    // CRC is reported before length when both are wrong.
    const bool crc_ok = !e.contains("crc_ok") || e.at("crc_ok").as_bool();
    const bool length_ok = !e.contains("length_ok") || e.at("length_ok").as_bool();
    if (!crc_ok) {
        EXPECT_EQ(reason_of(one_shot), errc::bad_crc);
    } else if (!length_ok) {
        EXPECT_EQ(reason_of(one_shot), errc::bad_length);
    }

    const std::optional<frame_header> h = header_of(one_shot);
    const std::optional<frame_body> b = body_of(one_shot);
    if (e.at("parse_ok").as_bool()) {
        ASSERT_TRUE(h) << to_text(one_shot);
        ASSERT_TRUE(b) << to_text(one_shot);
        check_fields(e, *h, *b);
    } else {
        EXPECT_FALSE(b) << to_text(one_shot);
        const std::string error = opt_text(e, "error");
        if (error.starts_with("decrypt_failed")) {
            ASSERT_TRUE(h);
            EXPECT_EQ(h->id, text(e.at("id")).substr(1));
            if (crc_ok && length_ok) {
                EXPECT_EQ(reason_of(one_shot), errc::decrypt_failed);
            }
        }
        if (error == "bad header") {
            EXPECT_FALSE(h);
        }
    }
    if (const json::value* cid = e.if_contains("cid")) {
        ASSERT_TRUE(b);
        check_cid(cid->as_object(), b->data);
    }
    if (const json::value* sia = e.if_contains("sia")) {
        ASSERT_TRUE(b);
        check_sia(sia->as_object(), b->data);
    }

    const std::string kind = text(e.at("response_kind"));
    EXPECT_EQ(name(decide(one_shot, now)), kind) << to_text(one_shot);
    std::string out;
    EXPECT_EQ(name(answer(one_shot, now, keys, counting_random(), out)), kind);
    if (kind == "none") {
        EXPECT_TRUE(out.empty());
    }
    if (has_string(e, "response")) {
        EXPECT_EQ(out, text(e.at("response")));
    }
    if (opt_text(e, "response_token") == "*ACK") {
        // Random-padded, so check it by decoding it with the same key.
        const decoded ack = parse_datagram(out, keys);
        ASSERT_TRUE(ack) << to_text(ack);
        EXPECT_EQ(ack->header.id, "ACK");
        EXPECT_TRUE(ack->header.encrypted);
        EXPECT_EQ(ack->header.sequence, h->sequence);
        EXPECT_EQ(ack->header.receiver, h->receiver);
        EXPECT_EQ(ack->header.line, h->line);
        EXPECT_EQ(ack->header.account, h->account);
        EXPECT_EQ(ack->body.data, "");
        EXPECT_EQ(ack->body.timestamp, std::chrono::floor<std::chrono::seconds>(now));
    }
}

INSTANTIATE_TEST_SUITE_P(Public, SiaDc09PublicVectors, ::testing::ValuesIn(load_public_vectors()),
                         [](const ::testing::TestParamInfo<public_vector>& info) {
                             return info.param.name;
                         });

TEST(SiaDc09PublicVectorFile, HoldsAll64Cases) {
    const auto vectors = load_public_vectors();
    EXPECT_EQ(vectors.size(), 64u);
    std::size_t nak = 0;
    for (const public_vector& v : vectors) {
        nak += text(v.expect.at("response_kind")) == "NAK" ? 1 : 0;
    }
    EXPECT_EQ(nak, 13u);
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09::test
