// A message's fields: case-insensitive look-up, first of repeated keys, what kind it is.
#include "protocols/ami/message.hpp"

#include <gtest/gtest.h>

namespace alarmd::protocols::ami {
namespace {

TEST(AmiMessage, GetIgnoresAsciiCaseAndReturnsTheFirstOfRepeatedKeys) {
    const message m{{{"Event", "Newchannel"},
                     {"ActionID", "42"},
                     {"Output", "one"},
                     {"output", "two"},
                     {"AccountCode", ""}}};
    EXPECT_EQ(m.get("event"), "Newchannel");
    EXPECT_EQ(m.get("EVENT"), "Newchannel");
    EXPECT_EQ(m.get("actionid"), "42");
    EXPECT_EQ(m.get("OUTPUT"), "one");
    EXPECT_EQ(m.get("Missing"), "");
    EXPECT_TRUE(m.get("Missing").empty());
    EXPECT_TRUE(m.has("accountcode"));
    EXPECT_EQ(m.get("AccountCode"), "");
    EXPECT_FALSE(m.has("Missing"));
    EXPECT_FALSE(m.has("Event "));
    EXPECT_FALSE(m.has("Even"));
    EXPECT_EQ(m.action_id(), "42");
}

TEST(AmiMessage, KindComesFromTheFirstKey) {
    const message ev{{{"event", "FullyBooted"}, {"Response", "Success"}}};
    EXPECT_TRUE(ev.is_event());
    EXPECT_FALSE(ev.is_response());
    EXPECT_FALSE(ev.is_action());
    EXPECT_EQ(ev.event(), "FullyBooted");

    const message resp{{{"Response", "Success"}, {"ActionID", "1"}}};
    EXPECT_TRUE(resp.is_response());
    EXPECT_FALSE(resp.is_event());
    EXPECT_EQ(resp.response(), "Success");
    EXPECT_EQ(resp.event(), "");

    const message act{{{"ACTION", "Login"}, {"Username", "u"}}};
    EXPECT_TRUE(act.is_action());
    EXPECT_FALSE(act.is_response());
    EXPECT_EQ(act.response(), "");
    EXPECT_EQ(act.action_id(), "");

    const message none;
    EXPECT_FALSE(none.is_event());
    EXPECT_FALSE(none.is_response());
    EXPECT_FALSE(none.is_action());
    EXPECT_EQ(none.get("Event"), "");
}

TEST(AmiMessage, OnlyAsciiLettersFoldCase) {
    const message m{{{"K\xC3\x89Y", "v"}, {"a-b_c", "w"}}};
    EXPECT_EQ(m.get("k\xC3\x89y"), "v");
    EXPECT_FALSE(m.has("k\xC3\xA9y"));  // é is not É for an ASCII compare
    EXPECT_EQ(m.get("A-B_C"), "w");
    EXPECT_FALSE(m.has("a-b-c"));
}

}  // namespace
}  // namespace alarmd::protocols::ami
