// Contact ID payload: forms of the account part, qualifiers, zone vs user, unknown codes kept,
// and one case per errc.
#include "protocols/contact_id/decoder.hpp"

#include <gtest/gtest.h>

#include <set>

#include "protocols/contact_id/error.hpp"
#include "protocols/contact_id/event_codes.hpp"

namespace alarmd::protocols::contact_id {
namespace {

error_code fails(std::string_view data) {
    const auto r = decode(data);
    return r ? error_code{} : r.error();
}

TEST(ContactIdDecode, AccountAndEvent) {
    const auto ev = decode("#12345A|1110 00 129");
    ASSERT_TRUE(ev) << ev.error().message();
    EXPECT_EQ(ev->account, "12345A");
    EXPECT_EQ(ev->qual, qualifier::new_event);
    EXPECT_EQ(ev->code, 110);
    EXPECT_EQ(ev->partition, 0);
    EXPECT_EQ(ev->zone, 129);
    EXPECT_FALSE(ev->is_user);
    EXPECT_EQ(describe(ev->code), "fire");
}

TEST(ContactIdDecode, AccountPartIsOptional) {
    const auto bare = decode("1130 01 015");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->account, "");
    const auto empty = decode("|1130 01 015");
    ASSERT_TRUE(empty);
    EXPECT_EQ(empty->account, "");
    EXPECT_EQ(empty->code, 130);
}

TEST(ContactIdDecode, QualifiersAndUserCodes) {
    const auto closing = decode("#4F39|3401 01 057");  // restore of 401 = closing by user 57
    ASSERT_TRUE(closing);
    EXPECT_EQ(closing->qual, qualifier::restore);
    EXPECT_TRUE(closing->is_user);
    EXPECT_EQ(closing->zone, 57);
    EXPECT_EQ(closing->partition, 1);
    const auto status = decode("6301 00 000");
    ASSERT_TRUE(status);
    EXPECT_EQ(status->qual, qualifier::status);
    EXPECT_FALSE(status->is_user);
}

TEST(ContactIdDecode, UnknownCodesStillBecomeEvents) {
    const auto ev = decode("#7099|1628 01 000");
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->code, 628);
    EXPECT_EQ(describe(628), "");
    const auto odd = decode("1999 99 999");
    ASSERT_TRUE(odd);
    EXPECT_EQ(odd->code, 999);
}

TEST(ContactIdDecode, EveryErrc) {
    EXPECT_EQ(fails("#12G4|1110 00 129"), errc::bad_account);
    EXPECT_EQ(fails("#1234"), errc::bad_account);
    EXPECT_EQ(fails("#|1110 00 129"), errc::bad_account);
    EXPECT_EQ(fails("#0123456789ABCDEF0|1110 00 129"), errc::bad_account);
    EXPECT_EQ(fails(""), errc::bad_length);
    EXPECT_EQ(fails("#1234|1110 00 12"), errc::bad_length);
    EXPECT_EQ(fails("1110 00 1290"), errc::bad_length);
    EXPECT_EQ(fails("0000 00 000"), errc::bad_qualifier);  // the NULL dummy data of PYS #42
    EXPECT_EQ(fails("111A 00 129"), errc::bad_event_code);
    EXPECT_EQ(fails("1110-00 129"), errc::bad_separator);
    EXPECT_EQ(fails("1110 00-129"), errc::bad_separator);
    EXPECT_EQ(fails("1110 0x 129"), errc::bad_partition);
    EXPECT_EQ(fails("1110 00 12x"), errc::bad_zone);
}

TEST(ContactIdDecode, ErrcMessagesAreDistinct) {
    std::set<std::string> messages;
    for (int v = 1; v <= static_cast<int>(errc::bad_zone); ++v) {
        const error_code ec = static_cast<errc>(v);
        EXPECT_STREQ(ec.category().name(), "alarmd.contact_id");
        messages.insert(ec.message());
    }
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(errc::bad_zone));
}

TEST(ContactIdEventCodes, UserCodeTable) {
    for (const int code :
         {121, 313, 400, 409, 411, 431, 441, 466, 574, 604, 607, 625, 642, 652, 653}) {
        EXPECT_TRUE(is_user_code(code)) << code;
    }
    for (const int code : {110, 120, 399, 410, 432, 440, 467, 570, 602}) {
        EXPECT_FALSE(is_user_code(code)) << code;
    }
    EXPECT_EQ(describe(602), "periodic test report");
    EXPECT_EQ(describe(0), "");
}

}  // namespace
}  // namespace alarmd::protocols::contact_id
