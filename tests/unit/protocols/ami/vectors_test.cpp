// The recorded sessions of tests/vectors/ami: what each decodes to, in any split, with CRLF or
// bare LF line ends.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "protocols/ami/decoder.hpp"
#include "tests/unit/protocols/ami/test_support.hpp"

namespace alarmd::protocols::ami::test {
namespace {

const std::string panoramisk_id = "action/transaction_uid/1/1";

TEST(AmiVectors, LoginOkTranscript) {
    const auto out = run_stream(read_vector("panoramisk_login_ok.ami"));
    ASSERT_EQ(out.size(), 4u);
    EXPECT_EQ(std::get<banner>(out[0]).version, "1.3");
    const message& login = std::get<message>(out[1]);  // client -> server
    EXPECT_TRUE(login.is_action());
    EXPECT_EQ(login.get("Action"), "login");
    EXPECT_EQ(login.action_id(), panoramisk_id);
    EXPECT_EQ(login.get("Username"), "nnnnnnnnn");  // sent as "username:"
    EXPECT_EQ(login.get("SECRET"), "yyyyyyyyyyyy");
    EXPECT_EQ(login.get("Events"), "on");
    const message& answer = std::get<message>(out[2]);
    EXPECT_TRUE(answer.is_response());
    EXPECT_EQ(answer.response(), "Success");
    EXPECT_EQ(answer.action_id(), panoramisk_id);
    EXPECT_EQ(answer.get("Message"), "Authentication accepted");
    const message& booted = std::get<message>(out[3]);
    EXPECT_TRUE(booted.is_event());
    EXPECT_EQ(booted.event(), "FullyBooted");
    EXPECT_EQ(booted.get("Privilege"), "system,all");
    EXPECT_EQ(booted.get("Status"), "Fully Booted");
}

TEST(AmiVectors, LoginFailedTranscript) {
    const auto out = run_stream(read_vector("panoramisk_login_failed.ami"));
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(std::get<banner>(out[0]).version, "1.3");
    EXPECT_TRUE(std::get<message>(out[1]).is_action());
    EXPECT_EQ(std::get<message>(out[1]).get("Secret"), "nnnnnnnnnn");
    const message& answer = std::get<message>(out[2]);
    EXPECT_EQ(answer.response(), "Error");
    EXPECT_EQ(answer.get("Message"), "Authentication failed");
    EXPECT_EQ(answer.action_id(), panoramisk_id);  // after Message in this recording
}

TEST(AmiVectors, PingAnswer) {
    const auto out = run_stream(read_vector("panoramisk_ping.ami"));
    ASSERT_EQ(out.size(), 1u);
    const message& m = std::get<message>(out[0]);
    EXPECT_EQ(m.response(), "Success");
    EXPECT_EQ(m.get("Ping"), "Pong");
    EXPECT_EQ(m.get("Timestamp"), "1409169929.412068");
}

TEST(AmiVectors, LogoffTranscript) {
    const auto out = run_stream(read_vector("panoramisk_logoff.ami"));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_TRUE(std::get<message>(out[0]).is_action());
    EXPECT_EQ(std::get<message>(out[0]).get("action"), "logoff");
    EXPECT_EQ(std::get<message>(out[1]).response(), "Goodbye");
    EXPECT_EQ(std::get<message>(out[1]).get("Message"), "Thanks for all the fish.");
}

TEST(AmiVectors, QueueStatusList) {
    const auto out = run_stream(read_vector("panoramisk_queue_status.ami"));
    ASSERT_EQ(out.size(), 9u);
    EXPECT_EQ(std::get<message>(out[0]).get("Message"), "Queue status will follow");
    EXPECT_EQ(event_counts(out),
              (std::map<std::string, int>{
                  {"QueueMember", 6}, {"QueueParams", 1}, {"QueueStatusComplete", 1}}));
    for (const message& m : messages_of(out)) {
        EXPECT_EQ(m.action_id(), panoramisk_id);
    }
    EXPECT_EQ(std::get<message>(out[7]).get("Paused"), "1");
}

TEST(AmiVectors, FullCallStreamIs205EventsWithoutError) {
    const auto out = run_stream(read_vector("incoming_queue_call_full.ami"));
    ASSERT_EQ(out.size(), 205u);
    EXPECT_TRUE(errors_of(out).empty());
    long last_seq = 0;
    for (const message& m : messages_of(out)) {
        ASSERT_TRUE(m.is_event());
        EXPECT_EQ(m.fields[0].key, "Event");
        const long seq = std::stol(std::string{m.get("SequenceNumber")});
        EXPECT_GT(seq, last_seq);  // the duplicates of the log were removed
        last_seq = seq;
    }
    const auto counts = event_counts(out);
    EXPECT_EQ(counts.at("VarSet"), 90);
    EXPECT_EQ(counts.at("Newexten"), 57);
    EXPECT_EQ(counts.at("DeviceStateChange"), 9);
    EXPECT_EQ(counts.at("Newchannel"), 2);
    EXPECT_EQ(counts.at("Newstate"), 4);
    EXPECT_EQ(counts.at("Hangup"), 2);
    EXPECT_EQ(counts.at("QueueCallerJoin"), 1);
    EXPECT_EQ(counts.at("AgentConnect"), 1);
    EXPECT_EQ(counts.size(), 29u);

    const message& first = std::get<message>(out[0]);
    EXPECT_EQ(first.event(), "Newchannel");
    EXPECT_EQ(first.get("Channel"), "SIP/toOurAster-000000bb");
    EXPECT_EQ(first.get("Uniqueid"), "1514295827.372");
    EXPECT_EQ(first.get("Linkedid"), "1514295827.372");
    EXPECT_EQ(first.get("Exten"), "888999");
    EXPECT_EQ(first.get("CallerIDName"), "Eugene R");
    EXPECT_TRUE(first.has("AccountCode"));
    EXPECT_EQ(first.get("AccountCode"), "");  // "AccountCode: " on the wire
    EXPECT_EQ(first.fields.size(), 20u);
}

TEST(AmiVectors, KeyEventsAreThe30AMonitorNeeds) {
    const auto out = run_stream(read_vector("incoming_queue_call_key_events.ami"));
    ASSERT_EQ(out.size(), 30u);
    const auto msgs = messages_of(out);
    ASSERT_EQ(msgs.size(), 30u);
    const auto counts = event_counts(out);
    EXPECT_EQ(counts.at("Newchannel"), 2);
    EXPECT_EQ(counts.at("Newstate"), 4);
    EXPECT_EQ(counts.at("QueueMemberStatus"), 4);
    EXPECT_EQ(counts.at("BridgeEnter"), 2);
    EXPECT_EQ(counts.at("Hangup"), 2);
    EXPECT_EQ(counts.size(), 18u);

    const auto by_seq = [&msgs](std::string_view seq) -> const message& {
        for (const message& m : msgs) {
            if (m.get("SequenceNumber") == seq) {
                return m;
            }
        }
        ADD_FAILURE() << "no event " << seq;
        return msgs.front();
    };
    EXPECT_EQ(msgs.front().get("SequenceNumber"), "7666");
    EXPECT_EQ(msgs.back().get("SequenceNumber"), "7879");
    EXPECT_EQ(by_seq("7757").event(), "QueueCallerJoin");
    EXPECT_EQ(by_seq("7757").get("Queue"), "Q1");
    EXPECT_EQ(by_seq("7757").get("Position"), "1");
    EXPECT_EQ(by_seq("7759").get("Linkedid"), "1514295827.372");
    EXPECT_EQ(by_seq("7759").get("Uniqueid"), "1514295839.373");
    EXPECT_EQ(by_seq("7781").get("DialStatus"), "ANSWER");
    EXPECT_EQ(by_seq("7804").event(), "AgentConnect");
    EXPECT_EQ(by_seq("7804").get("HoldTime"), "9");
    EXPECT_EQ(by_seq("7856").event(), "Hangup");
    EXPECT_EQ(by_seq("7856").get("Cause"), "16");
    EXPECT_EQ(by_seq("7856").get("Cause-txt"), "Normal Clearing");
}

// Where each block of a recording ends (after its empty line), 0 and the end included.
std::vector<std::size_t> block_ends(std::string_view bytes) {
    std::vector<std::size_t> out = {0};
    for (std::size_t at = bytes.find("\r\n\r\n"); at != std::string_view::npos;
         at = bytes.find("\r\n\r\n", at + 4)) {
        out.push_back(at + 4);
    }
    if (out.back() != bytes.size()) {
        out.push_back(bytes.size());
    }
    return out;
}

TEST(AmiVectors, EverySplitPointGivesTheSame) {
    // At a block's end the decoder holds nothing of what came before, whatever the split, so a
    // split point is checked on its block (the first one with the banner) decoded alone, in two
    // pieces and whole. A few splits of each whole recording check that claim. Unoptimised
    // (sanitizer) builds take, in the 100 KB recording, every 8th byte and both sides of every
    // LF only: every byte there takes them seconds.
    for (const std::string& file : vector_files()) {
        const std::string bytes = read_vector(file);
        const std::vector<std::size_t> ends = block_ends(bytes);
#ifdef NDEBUG
        const bool every_byte = true;
#else
        const bool every_byte = bytes.size() < 20000;
#endif
        ASSERT_GE(ends.size(), 2u) << file;
        std::size_t checked = 0;
        for (std::size_t k = 0; k + 1 < ends.size(); ++k) {
            const std::size_t from = ends[k];
            const std::string_view window =
                std::string_view{bytes}.substr(from, ends[k + 1] - from);
            const auto whole = run_stream(window);
            for (std::size_t at = ends[k]; at < ends[k + 1]; ++at) {
                if (!every_byte && (at - from) % 8 != 0 && bytes[at] != '\n' &&
                    bytes[at - 1] != '\n') {
                    continue;
                }
                ASSERT_EQ(run_split(window, at - from), whole) << file << " split at " << at;
                ++checked;
            }
        }
        EXPECT_EQ(checked == bytes.size(), every_byte) << file;
        const auto whole = run_stream(bytes);
        for (std::size_t at = 1; at < bytes.size(); at += bytes.size() / 7 + 1) {
            ASSERT_EQ(run_split(bytes, at), whole) << file << " split at " << at;
        }
    }
}

TEST(AmiVectors, OneByteFeedsAndOddChunksGiveTheSame) {
    for (const std::string& file : vector_files()) {
        const std::string bytes = read_vector(file);
        const auto whole = run_stream(bytes);
        for (const std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 1000u, 4096u}) {
            ASSERT_EQ(run_stream(bytes, chunk), whole) << file << " chunk " << chunk;
        }
    }
}

TEST(AmiVectors, BareLfLineEndsGiveTheSame) {
    for (const std::string& file : vector_files()) {
        const std::string bytes = read_vector(file);
        const std::string lf = lf_only(bytes);
        ASSERT_LT(lf.size(), bytes.size()) << file;
        EXPECT_EQ(run_stream(lf), run_stream(bytes)) << file;
        EXPECT_EQ(run_stream(lf, 1), run_stream(bytes)) << file;
    }
}

TEST(AmiVectors, SessionsOneAfterAnotherOnOneStream) {
    // No banner in the middle: a proxy replaying recordings back to back.
    std::string all;
    std::size_t blocks = 0;
    for (const std::string& file : vector_files()) {
        const std::string bytes = read_vector(file);
        const auto own = run_stream(bytes);
        std::string_view body = bytes;
        if (std::holds_alternative<banner>(own.front())) {
            body.remove_prefix(body.find('\n') + 1);
        }
        all += body;
        blocks += messages_of(own).size();
    }
    const auto out = run_stream(all, 13);
    EXPECT_EQ(out.size(), blocks);
    EXPECT_TRUE(errors_of(out).empty());
}

}  // namespace
}  // namespace alarmd::protocols::ami::test
