// The hub without connections: every message gets the next seq, `type` and `seq` lead the JSON,
// the replay log hook sees each message once, and replay from memory serves a page of every
// message from the one after the cursor (the session picks the person's own), or says it cannot
// when the gap is older than what it holds.
#include "daemon/notify/ws_hub.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "daemon/notify/ws_message.hpp"
#include "daemon/sys/metrics.hpp"

namespace alarmd::notify {
namespace {

namespace json = boost::json;

TEST(WsMessage, TypeAndSeqComeFirst) {
    EXPECT_EQ(make_message("incident.opened", 42, json::object{{"incident", json::object{}}}),
              R"({"type":"incident.opened","seq":42,"incident":{}})");
}

class WsHub : public ::testing::Test {
protected:
    sys::metrics metrics;
    ws_hub hub{config::websocket_config{}, metrics};
    std::vector<std::pair<std::uint64_t, std::string>> logged;

    void SetUp() override {
        ws_hooks h;
        h.published = [this](std::uint64_t seq, std::shared_ptr<const std::string> m) {
            logged.emplace_back(seq, *m);
        };
        hub.set_hooks(std::move(h));
    }

    static std::vector<std::string> types(const std::vector<replay_entry>& entries) {
        std::vector<std::string> out;
        for (const auto& e : entries) {
            const auto v = json::parse(e.message).as_object();
            const auto seq = v.at("seq").to_number<std::uint64_t>();
            EXPECT_EQ(seq, e.seq);
            out.push_back(std::string(v.at("type").as_string()) + "#" + std::to_string(seq));
        }
        return out;
    }
};

TEST_F(WsHub, SeqContinuesFromTheReplayLogAndEachMessageIsLoggedOnce) {
    hub.continue_seq_from(100);
    hub.continue_seq_from(7);  // never backwards
    EXPECT_EQ(hub.publish("incident.opened", {}), 101u);
    EXPECT_TRUE(hub.publish_to({"g01"}, "notice", {}).empty()) << "nobody is connected";
    EXPECT_EQ(hub.last_seq(), 102u);
    ASSERT_EQ(logged.size(), 2u);
    EXPECT_EQ(logged[0].first, 101u);
    EXPECT_EQ(logged[1].first, 102u);
    EXPECT_NE(logged[1].second.find(R"("to":["g01"])"), std::string::npos);
}

TEST_F(WsHub, ReplayFromMemoryServesPagesFromTheCursor) {
    hub.publish("incident.opened", {});            // 1
    hub.publish_to({"g02"}, "notice", {});         // 2
    hub.publish_to({"g01", "g02"}, "notice", {});  // 3
    hub.publish("incident.updated", {});           // 4
    std::vector<replay_entry> out;
    ASSERT_TRUE(hub.replay_from_memory(0, 4, 100, out));
    EXPECT_EQ(types(out), (std::vector<std::string>{"incident.opened#1", "notice#2", "notice#3",
                                                    "incident.updated#4"}));
    out.clear();
    ASSERT_TRUE(hub.replay_from_memory(1, 4, 2, out)) << "a page of two from after seq 1";
    EXPECT_EQ(types(out), (std::vector<std::string>{"notice#2", "notice#3"}));
    out.clear();
    ASSERT_TRUE(hub.replay_from_memory(2, 3, 100, out)) << "not beyond upto";
    EXPECT_EQ(types(out), (std::vector<std::string>{"notice#3"}));
    out.clear();
    EXPECT_FALSE(hub.replay_from_memory(4, 4, 100, out)) << "nothing after the newest";
    EXPECT_TRUE(out.empty());
}

TEST_F(WsHub, AGapOlderThanMemoryCannotBeReplayedFromIt) {
    hub.continue_seq_from(500);  // a restarted daemon: seqs up to 500 were before it
    hub.publish("incident.opened", {});
    std::vector<replay_entry> out;
    EXPECT_FALSE(hub.replay_from_memory(10, 501, 100, out));
    EXPECT_TRUE(hub.replay_from_memory(500, 501, 100, out));
    EXPECT_EQ(types(out), (std::vector<std::string>{"incident.opened#501"}));
}

}  // namespace
}  // namespace alarmd::notify
