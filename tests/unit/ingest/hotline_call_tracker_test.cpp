// Following hotline calls on an AMI event stream: the recorded inbound call of the public vectors
// (queue Q1, DID 888999, answered by SIP/777) and built cases for what it does not show
// (abandoned in the queue, hung up while ringing, withheld numbers, a full table).
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "daemon/ingest/ami/call_tracker.hpp"
#include "protocols/ami/decoder.hpp"

namespace {

using alarmd::ingest::hotline_call_tracker;
using alarmd::ingest::hotline_call_update;
using alarmd::protocols::ami::message;
using what = hotline_call_update::what;

std::vector<message> vector_messages(const std::string& name) {
    std::ifstream in(std::string(ALARMD_VECTORS_DIR) + "/ami/" + name, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    alarmd::protocols::ami::decoder dec;
    dec.feed(text.str());
    std::vector<message> out;
    while (auto d = dec.next()) {
        if (auto* m = std::get_if<message>(&*d)) {
            out.push_back(std::move(*m));
        }
    }
    return out;
}

std::vector<hotline_call_update> follow(hotline_call_tracker& t, const std::vector<message>& ms) {
    std::vector<hotline_call_update> out;
    for (const auto& m : ms) {
        if (auto u = t.on_message(m)) {
            out.push_back(std::move(*u));
        }
    }
    return out;
}

message event(std::string name, std::vector<std::pair<std::string, std::string>> fields) {
    message m;
    m.fields.push_back({"Event", std::move(name)});
    for (auto& [k, v] : fields) {
        m.fields.push_back({k, v});
    }
    return m;
}

// The caller's first channel, as Newchannel / QueueCallerJoin / Hangup carry it.
std::vector<std::pair<std::string, std::string>> caller(
    std::string number, std::string id,
    std::vector<std::pair<std::string, std::string>> more = {}) {
    std::vector<std::pair<std::string, std::string>> f{{"Channel", "PJSIP/trunk-0001"},
                                                       {"CallerIDNum", std::move(number)},
                                                       {"CallerIDName", "<unknown>"},
                                                       {"Uniqueid", id},
                                                       {"Linkedid", id}};
    f.insert(f.end(), more.begin(), more.end());
    return f;
}

TEST(HotlineCallTracker, RecordedQueueCallStartsAtTheQueueIsAnsweredAndEnds) {
    hotline_call_tracker t({"Q1"});
    const auto ms = vector_messages("incoming_queue_call_full.ami");
    ASSERT_GT(ms.size(), 200u);
    const auto updates = follow(t, ms);
    ASSERT_EQ(updates.size(), 3u);
    EXPECT_EQ(updates[0].kind, what::started);
    EXPECT_EQ(updates[0].caller, "123");
    EXPECT_EQ(updates[0].caller_name, "Eugene R");
    EXPECT_EQ(updates[0].line, "Q1");
    EXPECT_EQ(updates[0].linkedid, "1514295827.372");
    EXPECT_EQ(updates[1].kind, what::answered);
    EXPECT_EQ(updates[1].agent, "777") << "the operator's extension (DialEnd comes first)";
    EXPECT_EQ(updates[2].kind, what::ended);
    EXPECT_EQ(t.active(), 0u) << "the caller's hangup ends the call";
}

TEST(HotlineCallTracker, ADialledHotlineNumberStartsTheCallAtItsFirstChannel) {
    hotline_call_tracker t({"888999"});
    const auto updates = follow(t, vector_messages("incoming_queue_call_key_events.ami"));
    ASSERT_EQ(updates.size(), 3u);
    EXPECT_EQ(updates[0].kind, what::started);
    EXPECT_EQ(updates[0].line, "888999");
    EXPECT_EQ(updates[1].kind, what::answered);
    EXPECT_EQ(updates[2].kind, what::ended);
}

TEST(HotlineCallTracker, CallsToOtherNumbersAreNotHotlineCalls) {
    hotline_call_tracker t({"600"});
    EXPECT_TRUE(follow(t, vector_messages("incoming_queue_call_full.ami")).empty());
}

TEST(HotlineCallTracker, AbandonedInTheQueueIsMissedOnce) {
    hotline_call_tracker t({"600"});
    const auto updates = follow(
        t, {event("Newchannel", caller("13800000001", "1700000000.1", {{"Exten", "4008"}})),
            event("QueueCallerJoin", caller("13800000001", "1700000000.1", {{"Queue", "600"}})),
            event("QueueCallerAbandon",
                  caller("13800000001", "1700000000.1", {{"Queue", "600"}, {"HoldTime", "31"}})),
            event("Hangup", caller("13800000001", "1700000000.1", {{"Cause", "16"}}))});
    ASSERT_EQ(updates.size(), 2u);
    EXPECT_EQ(updates[0].kind, what::started);
    EXPECT_EQ(updates[1].kind, what::missed);
    EXPECT_EQ(updates[1].caller, "13800000001");
    EXPECT_EQ(updates[1].reason, "hung up after waiting 31 s in queue 600");
    EXPECT_EQ(t.active(), 0u);
}

TEST(HotlineCallTracker, HangingUpBeforeAnyAnswerIsMissed) {
    hotline_call_tracker t({"600"});
    const auto updates =
        follow(t, {event("Newchannel", caller("<unknown>", "9.1", {{"Exten", "600"}})),
                   // An operator's phone rings (a second leg of the same call) and stops.
                   event("Newchannel", {{"Uniqueid", "9.2"}, {"Linkedid", "9.1"}, {"Exten", "s"}}),
                   event("DialEnd", {{"Linkedid", "9.1"}, {"DialStatus", "NOANSWER"}}),
                   event("Hangup", {{"Uniqueid", "9.2"}, {"Linkedid", "9.1"}}),
                   event("Hangup", caller("<unknown>", "9.1"))});
    ASSERT_EQ(updates.size(), 2u);
    EXPECT_EQ(updates[1].kind, what::missed);
    EXPECT_EQ(updates[1].caller, "") << "a withheld number is no number";
    EXPECT_EQ(updates[1].reason, "hung up before anyone answered");
}

TEST(HotlineCallTracker, AnAbandonSeenWithoutItsStartIsStillMissed) {
    hotline_call_tracker t({"600"});
    const auto updates =
        follow(t, {event("QueueCallerAbandon",
                         caller("13800000002", "5.1", {{"Queue", "600"}, {"HoldTime", "12"}}))});
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_EQ(updates[0].kind, what::missed);
    EXPECT_EQ(updates[0].caller, "13800000002");
    EXPECT_EQ(updates[0].line, "600");
}

TEST(HotlineCallTracker, AResetReturnsTheCallsUnderWayAndForgetsThem) {
    hotline_call_tracker t({"600"});
    follow(t, {event("Newchannel", caller("13800000001", "1.1", {{"Exten", "600"}})),
               event("Newchannel", caller("13800000009", "2.1", {{"Exten", "100"}}))});
    const auto open = t.reset();
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].caller, "13800000001");
    EXPECT_EQ(t.active(), 0u);
    EXPECT_FALSE(t.on_message(event("Hangup", caller("13800000001", "1.1"))));
}

TEST(HotlineCallTracker, TheTableOfCallsIsBounded) {
    hotline_call_tracker t({"600"}, 8);
    for (int i = 0; i < 1000; ++i) {
        const auto id = std::to_string(i) + ".1";
        (void)t.on_message(event("Newchannel", caller("100", id, {{"Exten", "100"}})));
    }
    EXPECT_LE(t.active(), 8u);
    // A hotline call still finds room: other calls are forgotten first.
    auto u = t.on_message(event("Newchannel", caller("13800000001", "x.1", {{"Exten", "600"}})));
    ASSERT_TRUE(u);
    EXPECT_EQ(u->kind, what::started);
    EXPECT_LE(t.active(), 8u);
}

TEST(HotlineCallTracker, ResponsesAndUnknownEventsChangeNothing) {
    hotline_call_tracker t({"Q1"});
    message response;
    response.fields = {{"Response", "Success"}, {"ActionID", "1"}};
    EXPECT_FALSE(t.on_message(response));
    EXPECT_FALSE(t.on_message(event("VarSet", {{"Variable", "x"}})));
    EXPECT_EQ(t.active(), 0u);
}

}  // namespace
