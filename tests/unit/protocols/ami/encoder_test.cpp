// Actions on the wire: exact bytes, round trip through the decoder, no CR/LF injection.
#include "protocols/ami/encoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "protocols/ami/decoder.hpp"
#include "tests/unit/protocols/ami/test_support.hpp"

namespace alarmd::protocols::ami::test {
namespace {

// The one message `bytes` decodes to (fails the test otherwise).
message decode_one(const std::string& bytes) {
    const auto out = run_stream(bytes);
    EXPECT_EQ(out.size(), 1u) << bytes;
    if (out.size() != 1 || !std::holds_alternative<message>(out[0])) {
        ADD_FAILURE() << "not one message: " << bytes;
        return {};
    }
    return std::get<message>(out[0]);
}

TEST(AmiEncoder, LoginBytes) {
    EXPECT_EQ(login_action("1", "hotline", "s3cret"),
              "Action: Login\r\nActionID: 1\r\nUsername: hotline\r\nSecret: s3cret\r\n"
              "Events: call,agent\r\n\r\n");
    EXPECT_EQ(login_action("a-7", "u", "p", "off"),
              "Action: Login\r\nActionID: a-7\r\nUsername: u\r\nSecret: p\r\nEvents: off\r\n\r\n");
}

TEST(AmiEncoder, PingAndLogoffBytes) {
    EXPECT_EQ(ping_action("2"), "Action: Ping\r\nActionID: 2\r\n\r\n");
    EXPECT_EQ(logoff_action("3"), "Action: Logoff\r\nActionID: 3\r\n\r\n");
}

TEST(AmiEncoder, ActionWithExtraFieldsInOrder) {
    const std::vector<field> extra = {{"Queue", "Q1"}, {"Member", "SIP/777"}, {"Queue", "Q2"}};
    EXPECT_EQ(encode_action("QueueStatus", "9", extra),
              "Action: QueueStatus\r\nActionID: 9\r\nQueue: Q1\r\nMember: SIP/777\r\nQueue: Q2\r\n"
              "\r\n");
}

TEST(AmiEncoder, EmptyActionIdWritesNoLine) {
    EXPECT_EQ(encode_action("CoreShowChannels", ""), "Action: CoreShowChannels\r\n\r\n");
    EXPECT_EQ(ping_action(""), "Action: Ping\r\n\r\n");
}

TEST(AmiEncoder, RoundTripThroughTheDecoder) {
    const message login = decode_one(login_action("id-1", "alarmd", "pa ss:word"));
    EXPECT_TRUE(login.is_action());
    EXPECT_EQ(login.get("Action"), "Login");
    EXPECT_EQ(login.action_id(), "id-1");
    EXPECT_EQ(login.get("Username"), "alarmd");
    EXPECT_EQ(login.get("Secret"), "pa ss:word");
    EXPECT_EQ(login.get("Events"), "call,agent");

    // Empty values, leading and trailing spaces, colons and repeated keys survive.
    const std::vector<field> extra = {
        {"Empty", ""}, {"Lead", "  two"}, {"Trail", "x  "}, {"Colon", "a: b:c"}, {"Lead", "again"}};
    const message m = decode_one(encode_action("Originate", "77", extra));
    std::vector<field> expected = {{"Action", "Originate"}, {"ActionID", "77"}};
    expected.insert(expected.end(), extra.begin(), extra.end());
    EXPECT_EQ(m.fields, expected);
}

TEST(AmiEncoder, CrAndLfInValuesBecomeSpaces) {
    const std::string secret = "x\r\n\r\nAction: Logoff\r\n\r\n";
    const std::string bytes = login_action("1\r\nActionID: 2", "u\nEvents: on", secret);
    EXPECT_EQ(bytes.find("\r\n\r\n"), bytes.size() - 4);  // one block, ended once
    const auto out = run_stream(bytes);
    ASSERT_EQ(out.size(), 1u);
    const message& m = std::get<message>(out[0]);
    EXPECT_EQ(m.fields.size(), 5u);
    EXPECT_EQ(m.action_id(), "1  ActionID: 2");
    EXPECT_EQ(m.get("Username"), "u Events: on");
    EXPECT_EQ(m.get("Secret"), "x    Action: Logoff    ");
    EXPECT_EQ(m.get("Events"), "call,agent");

    EXPECT_EQ(encode_action("Ping\r\n\r\nAction: Logoff", "1"),
              "Action: Ping    Action: Logoff\r\nActionID: 1\r\n\r\n");
    EXPECT_EQ(ping_action("\n"), "Action: Ping\r\nActionID:  \r\n\r\n");
}

TEST(AmiEncoder, KeysCannotInjectLinesOrMoveTheSplit) {
    const std::vector<field> extra = {{"A\r\n\r\nAction", "Logoff"}, {"Key: x", "v"}, {"", "e"}};
    const std::string bytes = encode_action("Ping", "1", extra);
    EXPECT_EQ(bytes,
              "Action: Ping\r\nActionID: 1\r\nA    Action: Logoff\r\nKey  x: v\r\n: e\r\n\r\n");
    const message m = decode_one(bytes);
    ASSERT_EQ(m.fields.size(), 5u);
    EXPECT_EQ(m.fields[2], (field{"A    Action", "Logoff"}));
    EXPECT_EQ(m.fields[3], (field{"Key  x", "v"}));
    EXPECT_EQ(m.fields[4], (field{"", "e"}));
}

}  // namespace
}  // namespace alarmd::protocols::ami::test
