// SIA DC-03 payload: multi-event messages, modifiers that persist, ^names^, |A text, unknown
// codes kept, max_events at max and max + 1, and one case per errc.
#include "protocols/sia_dc03/decoder.hpp"

#include <gtest/gtest.h>

#include <set>

#include "protocols/sia_dc03/codes.hpp"
#include "protocols/sia_dc03/error.hpp"

namespace alarmd::protocols::sia_dc03 {
namespace {

error_code fails(std::string_view data, const limits& lim = {}) {
    const auto r = decode(data, lim);
    return r ? error_code{} : r.error();
}

std::string value_of(const event& ev, std::string_view name) {
    const modifier* m = ev.find(name);
    return m != nullptr ? m->value : std::string{"-"};
}

TEST(SiaDc03Decode, MultipleEventsAndPersistingModifiers) {
    const auto msg = decode("#1234|Nri1/BA001/BA002/ri2/FA003/id7/OP007");
    ASSERT_TRUE(msg) << msg.error().message();
    EXPECT_EQ(msg->account, "1234");
    EXPECT_EQ(msg->kind, message_kind::new_event);
    ASSERT_EQ(msg->events.size(), 4u);
    EXPECT_EQ(msg->events[0].code, "BA");
    EXPECT_EQ(msg->events[0].param, "001");
    EXPECT_EQ(value_of(msg->events[0], "ri"), "1");
    EXPECT_EQ(value_of(msg->events[1], "ri"), "1");
    EXPECT_EQ(msg->events[2].code, "FA");
    EXPECT_EQ(value_of(msg->events[2], "ri"), "2");
    EXPECT_EQ(value_of(msg->events[2], "id"), "-");
    EXPECT_EQ(value_of(msg->events[3], "id"), "7");
    EXPECT_EQ(value_of(msg->events[3], "ri"), "2");
    EXPECT_EQ(describe(msg->events[3].code), "opening (disarmed)");
}

TEST(SiaDc03Decode, NamesTimeAndNoSlash) {
    const auto msg = decode("#7878|Nri01^TOTAL^ti12:30/LX901^centrale^CL0^VX FRONTE ^");
    ASSERT_TRUE(msg) << msg.error().message();
    ASSERT_EQ(msg->events.size(), 2u);
    const event& lx = msg->events[0];
    EXPECT_EQ(lx.code, "LX");
    EXPECT_EQ(lx.param, "901");
    EXPECT_EQ(lx.text, "centrale");
    ASSERT_NE(lx.find("ri"), nullptr);
    EXPECT_EQ(lx.find("ri")->text, "TOTAL");
    EXPECT_EQ(value_of(lx, "ti"), "12:30");
    EXPECT_EQ(msg->events[1].code, "CL");
    EXPECT_EQ(msg->events[1].text, "VX FRONTE ");
}

TEST(SiaDc03Decode, TextBlockAndEmptyParameter) {
    const auto msg = decode("#1234|NRR|Atest | with bar");
    ASSERT_TRUE(msg);
    ASSERT_EQ(msg->events.size(), 1u);
    EXPECT_EQ(msg->events[0].code, "RR");
    EXPECT_EQ(msg->events[0].param, "");
    EXPECT_EQ(msg->text, "test | with bar");
}

TEST(SiaDc03Decode, AccountPartForms) {
    const auto empty = decode("|Nri2/JC12");
    ASSERT_TRUE(empty);
    EXPECT_FALSE(empty->account);
    const auto none = decode("Nri1/WA000");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->account);
    EXPECT_EQ(none->events.at(0).code, "WA");
}

TEST(SiaDc03Decode, UnknownCodesAndOtherModifiersAreKept) {
    const auto msg = decode("Opi3/ZZ9");
    ASSERT_TRUE(msg);
    EXPECT_EQ(msg->kind, message_kind::old_event);
    ASSERT_EQ(msg->events.size(), 1u);
    EXPECT_EQ(msg->events[0].code, "ZZ");
    EXPECT_EQ(describe("ZZ"), "");
    EXPECT_EQ(value_of(msg->events[0], "pi"), "3");
}

TEST(SiaDc03Decode, EmptyDataIsAMessageWithoutEvents) {
    for (const char* data : {"", "#1234|", "N"}) {
        const auto msg = decode(data);
        ASSERT_TRUE(msg) << data;
        EXPECT_TRUE(msg->events.empty());
    }
    EXPECT_EQ(decode("")->kind, message_kind::none);
}

TEST(SiaDc03Decode, EventsAtTheLimitAndOver) {
    const limits lim{.max_events = 3};
    EXPECT_EQ(fails("NBA1/BA2/BA3", lim), error_code{});
    EXPECT_EQ(fails("NBA1/BA2/BA3/BA4", lim), errc::too_many_events);
}

TEST(SiaDc03Decode, EveryErrc) {
    EXPECT_EQ(fails("#12G4|NBA1"), errc::bad_account);
    EXPECT_EQ(fails("#1234NBA1"), errc::bad_account);
    EXPECT_EQ(fails("#0123456789ABCDEF0|NBA1"), errc::bad_account);
    EXPECT_EQ(fails("#1234|XBA1"), errc::bad_kind);
    EXPECT_EQ(fails("#1234|1110 00 129"), errc::bad_kind);
    EXPECT_EQ(fails("Nri/BA1"), errc::bad_modifier);
    EXPECT_EQ(fails("NB"), errc::bad_code);
    EXPECT_EQ(fails("NBA1?"), errc::bad_code);
    EXPECT_EQ(fails("NBa1"), errc::bad_code);
    EXPECT_EQ(fails("NBA1^open"), errc::unterminated_text);
    EXPECT_EQ(fails("Nri1^open"), errc::unterminated_text);
    EXPECT_EQ(fails("NBA1|Xtext"), errc::bad_block);
    EXPECT_EQ(fails("NBA1|"), errc::bad_block);
    EXPECT_EQ(fails("NBA1/BA2", limits{.max_events = 1}), errc::too_many_events);
}

TEST(SiaDc03Decode, ErrcMessagesAreDistinct) {
    std::set<std::string> messages;
    for (int v = 1; v <= static_cast<int>(errc::too_many_events); ++v) {
        const error_code ec = static_cast<errc>(v);
        EXPECT_STREQ(ec.category().name(), "alarmd.sia_dc03");
        messages.insert(ec.message());
    }
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(errc::too_many_events));
}

TEST(SiaDc03Codes, Describe) {
    EXPECT_EQ(describe("BA"), "burglary alarm");
    EXPECT_EQ(describe("YZ"), "service completed");
    EXPECT_EQ(describe("AR"), "AC restoral");
    EXPECT_EQ(describe("B"), "");
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc03
