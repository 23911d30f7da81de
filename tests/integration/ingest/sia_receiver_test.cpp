// The SIA DC-09 receiver end to end over real sockets and a real Redis: frames from panels
// become incidents (pushed to guards, stored in Redis) and are ACKed only once durable; bad
// frames get NAK or DUH and store nothing; retries are ACKed without a second event; open/close
// and bypass change zone state; silent panels open comm_fault incidents.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include <boost/json.hpp>

#include "tests/integration/ingest/sia_harness.hpp"
#include "tests/integration/ingest/test_tools.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/unit/protocols/sia_dc09/public_vectors.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
namespace dc09 = protocols::sia_dc09;
using namespace std::chrono_literals;
using sia::answer;
using sia::cid;
using sia::frame_spec;
using sia::make_frame;
using sia::read_answer;
using sia::tcp_panel;

// The answer's sequence number, or -1 when the answer has no readable header.
int seq_of(const answer& a) {
    return a.header ? a.header->sequence : -1;
}

std::string str(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* cur = &v;
    for (const char* key : path) {
        cur = &cur->as_object().at(key);
    }
    return std::string(cur->as_string());
}

class SiaReceiver : public ::testing::Test {
protected:
    redis_server redis;
    sia::daemon daemon{sia::yaml(redis.url())};

    long long stored_events() { return redis_query(redis.port(), {"XLEN", "t:events"}).integer; }

    // Sends one frame on a new connection and reads its answer.
    answer exchange(const std::string& frame, const std::vector<std::uint8_t>& key = {}) {
        tcp_panel p(daemon.tcp_port());
        p.send(frame);
        auto a = p.next();
        EXPECT_TRUE(a) << "no answer";
        return read_answer(a.value_or(""), key);
    }

    std::string zone_mode(const std::string& key) {
        auto v = redis_query(redis.port(), {"HGET", "t:zones", key});
        return v.nil ? "" : str(json::parse(v.str), {"mode"});
    }
};

TEST_F(SiaReceiver, ListensOnTcpAndUdp) {
    EXPECT_EQ(exchange(cid(1, "1110 01 003")).kind(), "ACK");
    auto datagram = sia::udp_exchange(daemon.udp_port(), cid(2, "1110 01 004"));
    ASSERT_TRUE(datagram) << "no answer over UDP";
    const auto a = read_answer(*datagram);
    EXPECT_EQ(a.kind(), "ACK") << a.bytes;
    EXPECT_EQ(seq_of(a), 2);
    EXPECT_EQ(stored_events(), 2);
}

TEST_F(SiaReceiver, PlainContactIdFireOpensAnIncidentAndIsAckedOnceStored) {
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    const auto a = exchange(cid(7, "1110 01 003"));
    ASSERT_EQ(a.kind(), "ACK") << a.bytes;
    // Plain ACK echoing seq, L and account, with its CRC-16/ARC and length, byte for byte.
    EXPECT_EQ(a.bytes, "\n04210012\"ACK\"0007L0#1234[]\r");
    // Durable before the ACK: the event is in Redis when the panel hears it.
    EXPECT_EQ(stored_events(), 1);

    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "category"}), "fire");
    EXPECT_EQ(str(*m, {"incident", "building"}), "B3");
    EXPECT_EQ(str(*m, {"event", "source"}), "sia");
    EXPECT_EQ(str(*m, {"event", "device"}), "panel-b3");
    EXPECT_EQ(str(*m, {"event", "zone"}), "003");
    EXPECT_EQ(str(*m, {"event", "code"}), "E110");
    EXPECT_EQ(str(*m, {"event", "kind"}), "alarm");
    EXPECT_EQ(str(*m, {"event", "location", "label"}), "3F 电梯厅烟感");
    EXPECT_NE(str(*m, {"event", "raw"}).find("ADM-CID"), std::string::npos);
    const auto id = str(*m, {"incident", "id"});
    EXPECT_FALSE(redis_query(redis.port(), {"ZSCORE", "t:incidents:open", id}).nil);
}

// The public vectors whose answer is deterministic (plain, no timestamp, an account the test
// config has): the receiver's answer is the vector's, byte for byte.
TEST_F(SiaReceiver, AnswersThePublicVectorsByteForByte) {
    std::size_t checked = 0;
    for (const auto& v : protocols::sia_dc09::test::load_public_vectors()) {
        const auto& e = v.expect;
        const auto* response = e.if_contains("response");
        const auto* account = e.if_contains("acct");
        if (v.key || response == nullptr || !response->is_string() || account == nullptr ||
            !account->is_string() || e.if_contains("timestamp") == nullptr ||
            !e.at("timestamp").is_null() || e.at("response_kind").as_string() != "ACK") {
            continue;
        }
        const std::string acct(account->as_string());
        if (acct != "7099" && acct != "7878" && acct != "080027E62A64" && acct != "1234") {
            continue;
        }
        SCOPED_TRACE(v.name);
        const auto a = exchange(v.input);
        EXPECT_EQ(a.bytes, std::string(response->as_string()));
        ++checked;
    }
    EXPECT_GE(checked, 5u) << "the vectors the test relies on are missing";
}

TEST_F(SiaReceiver, EncryptedContactIdFireIsAnsweredWithAnEncryptedAck) {
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    const auto frame =
        make_frame({"ADM-CID", 21, "ABCDEF", "#ABCDEF|1111 01 001", 0s, sia::key_bytes()});

    // Over UDP ...
    const auto sent_at = std::chrono::system_clock::now();
    auto datagram = sia::udp_exchange(daemon.udp_port(), frame);
    ASSERT_TRUE(datagram) << "no answer over UDP";
    const auto a = read_answer(*datagram, sia::key_bytes());
    ASSERT_EQ(a.kind(), "ACK") << a.bytes;
    EXPECT_TRUE(a.header->encrypted) << "an encrypted request gets *ACK";
    EXPECT_TRUE(a.decrypted) << "the *ACK decrypts with the account's key";
    EXPECT_EQ(a.header->sequence, 21);
    EXPECT_EQ(a.header->account, "ABCDEF");
    ASSERT_TRUE(a.body && a.body->timestamp);
    // The receiver's time when it answered: between sending and hearing back (to the second).
    EXPECT_GE(*a.body->timestamp, std::chrono::floor<std::chrono::seconds>(sent_at));
    EXPECT_LE(*a.body->timestamp, std::chrono::system_clock::now()) << "receiver time in *ACK";
    EXPECT_EQ(stored_events(), 1);

    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "category"}), "fire");
    EXPECT_EQ(str(*m, {"event", "device"}), "panel-enc");
    EXPECT_EQ(str(*m, {"event", "location", "label"}), "1F 大堂烟感");

    // ... and over TCP.
    const auto t =
        exchange(make_frame({"SIA-DCS", 22, "ABCDEF", "#ABCDEF|Nri1/FA001", 0s, sia::key_bytes()}),
                 sia::key_bytes());
    ASSERT_EQ(t.kind(), "ACK") << t.bytes;
    EXPECT_TRUE(t.decrypted);
    EXPECT_EQ(stored_events(), 2);
}

TEST_F(SiaReceiver, RestoreUpdatesTheIncident) {
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    tcp_panel p(daemon.tcp_port());
    p.send(cid(1, "1110 01 003"));
    ASSERT_EQ(read_answer(p.next().value_or("")).kind(), "ACK");
    auto opened = g.next_of("incident.opened");
    ASSERT_TRUE(opened);

    p.send(cid(2, "3110 01 003"));  // same connection, next message
    ASSERT_EQ(read_answer(p.next().value_or("")).kind(), "ACK");
    auto updated = g.next_of("incident.updated");
    ASSERT_TRUE(updated);
    EXPECT_EQ(str(*updated, {"change"}), "restored");
    EXPECT_EQ(str(*updated, {"incident_id"}), str(*opened, {"incident", "id"}));
    EXPECT_EQ(str(*updated, {"event", "kind"}), "restore");
    EXPECT_EQ(str(*updated, {"event", "code"}), "R110");
    EXPECT_EQ(str(*updated, {"zone", "zone"}), "003");
    EXPECT_TRUE(updated->as_object().at("zone").as_object().at("restored").as_bool());
    EXPECT_EQ(stored_events(), 2);
}

TEST_F(SiaReceiver, BadCrcIsNakedAndNothingIsStored) {
    auto frame = cid(3, "1110 01 003");
    frame[1] = frame[1] == '0' ? '1' : '0';  // first CRC digit
    const auto a = exchange(frame);
    ASSERT_EQ(a.kind(), "NAK") << a.bytes;
    EXPECT_EQ(a.header->sequence, 0);
    EXPECT_EQ(a.header->account, "A0");
    ASSERT_TRUE(a.body && a.body->timestamp) << "NAK carries the receiver time";

    auto wrong_length = cid(4, "1110 01 003");
    wrong_length[8] = wrong_length[8] == '0' ? '1' : '0';  // last length digit
    EXPECT_EQ(exchange(wrong_length).kind(), "NAK");
    EXPECT_EQ(stored_events(), 0);
}

// Over UDP the source address can be forged: a datagram whose header did not parse (garbage,
// half a frame) gets no answer at all, so the receiver cannot be used to flood someone else. A
// frame with a readable header is still answered (a bad CRC with its NAK, as the brief says).
TEST_F(SiaReceiver, AUdpDatagramWithoutAParsableHeaderGetsNoAnswer) {
    EXPECT_FALSE(sia::udp_exchange(daemon.udp_port(), "garbage, no frame at all", 500ms));
    EXPECT_FALSE(sia::udp_exchange(daemon.udp_port(), cid(5, "1110 01 003").substr(0, 12), 500ms));
    auto good = sia::udp_exchange(daemon.udp_port(), cid(6, "1110 01 003"));
    ASSERT_TRUE(good);
    EXPECT_NE(good->find("\"ACK\""), std::string::npos) << *good;
    EXPECT_EQ(stored_events(), 1);
}

TEST_F(SiaReceiver, StaleOrFutureTimestampIsNaked) {
    EXPECT_EQ(exchange(make_frame({"ADM-CID", 5, "1234", "#1234|1110 01 003", -120s, {}})).kind(),
              "NAK");
    EXPECT_EQ(exchange(make_frame({"ADM-CID", 6, "1234", "#1234|1110 01 003", 60s, {}})).kind(),
              "NAK");
    // A plain frame without timestamp is not window-checked.
    EXPECT_EQ(
        exchange(make_frame({"ADM-CID", 7, "1234", "#1234|1110 01 003", std::nullopt, {}})).kind(),
        "ACK");
    EXPECT_EQ(stored_events(), 1);
}

TEST_F(SiaReceiver, UnknownTokenGetsDuh) {
    const auto a = exchange(make_frame({"FOO-BAR", 8, "1234", "#1234|x", 0s, {}}));
    ASSERT_EQ(a.kind(), "DUH") << a.bytes;
    EXPECT_EQ(a.header->sequence, 8);
    EXPECT_EQ(a.header->account, "1234");
    // Contact ID data that does not decode: the frame is valid, its data not understood.
    EXPECT_EQ(exchange(cid(9, "9110 01 003")).kind(), "DUH");
    EXPECT_EQ(stored_events(), 0);
}

TEST_F(SiaReceiver, AccountsAreChecked) {
    // Unknown account.
    EXPECT_EQ(exchange(cid(1, "1110 01 003", "9999")).kind(), "NAK");
    // A keyed account refuses plain frames.
    EXPECT_EQ(exchange(cid(2, "1110 01 001", "ABCDEF")).kind(), "NAK");
    // Encrypted with the wrong key.
    std::vector<std::uint8_t> wrong(16, 0x55);
    EXPECT_EQ(
        exchange(make_frame({"ADM-CID", 3, "ABCDEF", "#ABCDEF|1110 01 001", 0s, wrong})).kind(),
        "NAK");
    // Encrypted for an account without a key.
    EXPECT_EQ(
        exchange(make_frame({"ADM-CID", 4, "1234", "#1234|1110 01 003", 0s, sia::key_bytes()}))
            .kind(),
        "NAK");
    // allowed_sources: 127.0.0.1 may speak for 5678, not for 4321.
    EXPECT_EQ(exchange(cid(5, "1130 01 001", "5678")).kind(), "ACK");
    EXPECT_EQ(exchange(cid(6, "1130 01 001", "4321")).kind(), "NAK");
    EXPECT_EQ(stored_events(), 1);
}

TEST_F(SiaReceiver, RetriedSequenceIsAckedAgainButStoredOnce) {
    const auto frame = cid(42, "1110 01 003");
    EXPECT_EQ(exchange(frame).kind(), "ACK");
    // The panel did not hear the ACK and sends the message again, on a new connection.
    EXPECT_EQ(exchange(frame).kind(), "ACK");
    // Even with a new timestamp in it.
    EXPECT_EQ(exchange(make_frame({"ADM-CID", 42, "1234", "#1234|1110 01 003", 1s, {}})).kind(),
              "ACK");
    EXPECT_EQ(stored_events(), 1);
    // The same event under a new sequence number is a new message (a duplicate alarm).
    EXPECT_EQ(exchange(cid(43, "1110 01 003")).kind(), "ACK");
    EXPECT_EQ(stored_events(), 2);
}

TEST_F(SiaReceiver, NullIsAckedAndStoresNothing) {
    const auto a = exchange(make_frame({"NULL", 0, "1234", "", 0s, {}}));
    ASSERT_EQ(a.kind(), "ACK");
    EXPECT_EQ(a.header->sequence, 0);
    const auto e =
        exchange(make_frame({"NULL", 0, "ABCDEF", "", 0s, sia::key_bytes()}), sia::key_bytes());
    EXPECT_EQ(e.kind(), "ACK");
    EXPECT_TRUE(e.decrypted);
    EXPECT_EQ(stored_events(), 0);
}

TEST_F(SiaReceiver, PipelinedFramesAreAnsweredInOrder) {
    tcp_panel p(daemon.tcp_port());
    std::string burst;
    for (std::uint16_t seq = 1; seq <= 200; ++seq) {
        burst += cid(seq, "1130 01 00" + std::to_string(3 + seq % 3));
    }
    p.send(burst);
    for (std::uint16_t seq = 1; seq <= 200; ++seq) {
        auto a = p.next();
        ASSERT_TRUE(a) << "answer " << seq;
        const auto parsed = read_answer(*a);
        ASSERT_EQ(parsed.kind(), "ACK");
        EXPECT_EQ(parsed.header->sequence, seq);
    }
    EXPECT_EQ(stored_events(), 200);
}

TEST_F(SiaReceiver, ManyConcurrentPanels) {
    std::vector<std::unique_ptr<tcp_panel>> panels;
    for (int i = 0; i < 50; ++i) {
        panels.push_back(std::make_unique<tcp_panel>(daemon.tcp_port()));
    }
    for (std::size_t i = 0; i < panels.size(); ++i) {
        panels[i]->send(cid(static_cast<std::uint16_t>(100 + i), "1130 01 004"));
    }
    for (std::size_t i = 0; i < panels.size(); ++i) {
        auto a = panels[i]->next();
        ASSERT_TRUE(a) << "panel " << i;
        EXPECT_EQ(seq_of(read_answer(*a)), static_cast<int>(100 + i));
    }
    EXPECT_EQ(stored_events(), 50);
}

TEST_F(SiaReceiver, GarbageAndHalfFramesDisturbNobody) {
    tcp_panel junk(daemon.tcp_port());
    junk.send(std::string("GET / HTTP/1.1\r\n\r\n\x01\x02\xff garbage ") +
              cid(1, "1110 01 003").substr(0, 20));  // ... and half a frame, then silence
    tcp_panel good(daemon.tcp_port());
    good.send(cid(2, "1110 01 004"));
    auto a = good.next();
    ASSERT_TRUE(a);
    EXPECT_EQ(read_answer(*a).kind(), "ACK");
    EXPECT_FALSE(junk.next(300ms)) << "no complete frame, no answer";
    // An over-long frame is dropped unanswered; the connection goes on.
    good.send("\n" + std::string(5000, 'A') + "\r");
    good.send(cid(3, "1110 01 005"));
    auto b = good.next();
    ASSERT_TRUE(b);
    EXPECT_EQ(seq_of(read_answer(*b)), 3);
    EXPECT_EQ(stored_events(), 2);
    EXPECT_EQ(http_call(daemon.http_port(), "GET", "/healthz").status, 200);
}

TEST_F(SiaReceiver, OpenCloseAndBypassChangeZoneState) {
    EXPECT_EQ(exchange(cid(1, "1401 01 005")).kind(), "ACK");  // opening by user 5: disarm
    EXPECT_EQ(zone_mode("panel-b3/*"), "disarmed");
    EXPECT_EQ(exchange(cid(2, "3401 01 005")).kind(), "ACK");  // closing: arm
    EXPECT_EQ(zone_mode("panel-b3/*"), "armed");

    EXPECT_EQ(exchange(cid(3, "1570 00 004")).kind(), "ACK");  // bypass zone 004
    EXPECT_EQ(zone_mode("panel-b3/004"), "bypassed");
    EXPECT_EQ(exchange(cid(4, "1111 00 004")).kind(), "ACK");  // recorded, not dispatched
    auto list = http_call(daemon.http_port(), "GET", "/v1/incidents?state=open", {}, "tok-g01");
    EXPECT_TRUE(list.json().as_object().at("incidents").as_array().empty());
    EXPECT_EQ(exchange(cid(5, "3570 00 004")).kind(), "ACK");  // unbypass
    EXPECT_EQ(zone_mode("panel-b3/004"), "armed");

    // DC-03: UB / UU on the perimeter, OP / CL for the panel.
    EXPECT_EQ(exchange(make_frame({"SIA-DCS", 6, "5678", "#5678|Nri1/UB2", 0s, {}})).kind(), "ACK");
    EXPECT_EQ(zone_mode("perimeter-b2/2"), "bypassed");
    EXPECT_EQ(exchange(make_frame({"SIA-DCS", 7, "5678", "#5678|Nri1/UU2", 0s, {}})).kind(), "ACK");
    EXPECT_EQ(zone_mode("perimeter-b2/2"), "armed");
    EXPECT_EQ(exchange(make_frame({"SIA-DCS", 8, "5678", "#5678|Nri1/OP501", 0s, {}})).kind(),
              "ACK");
    EXPECT_EQ(zone_mode("perimeter-b2/*"), "disarmed");
}

TEST_F(SiaReceiver, UnknownCodesBecomeEquipmentEvents) {
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    EXPECT_EQ(exchange(cid(1, "1999 00 005")).kind(), "ACK");
    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "category"}), "equipment");
    EXPECT_EQ(str(*m, {"event", "code"}), "E999");
}

TEST_F(SiaReceiver, SeveralEventsInOneFrameAreAckedOnce) {
    tcp_panel p(daemon.tcp_port());
    p.send(make_frame({"SIA-DCS", 11, "1234", "#1234|Nri1/FA003/FA004", 0s, {}}));
    auto a = p.next();
    ASSERT_TRUE(a);
    EXPECT_EQ(read_answer(*a).kind(), "ACK");
    // One answer per frame: the next answer on the connection is the next frame's.
    p.send(cid(12, "1130 01 005"));
    auto b = p.next();
    ASSERT_TRUE(b);
    EXPECT_EQ(seq_of(read_answer(*b)), 12) << "a second answer to frame 11";
    EXPECT_EQ(stored_events(), 3);
}

TEST_F(SiaReceiver, FramesAreCountedInMetrics) {
    EXPECT_EQ(exchange(cid(1, "1110 01 003")).kind(), "ACK");
    EXPECT_EQ(exchange(cid(2, "1110 01 003", "9999")).kind(), "NAK");
    const auto body = http_call(daemon.http_port(), "GET", "/metrics").body;
    EXPECT_NE(body.find(R"(alarmd_sia_frames_total{transport="tcp",answer="ACK",reason="ok"} 1)"),
              std::string::npos)
        << body;
    EXPECT_NE(
        body.find(
            R"(alarmd_sia_frames_total{transport="tcp",answer="NAK",reason="unknown_account"} 1)"),
        std::string::npos);
}

// Redis away: the alarm still reaches the guards, but the panel gets no ACK; its retry after
// Redis is back is stored and ACKed (folded into the same incident).
TEST(SiaReceiverDurability, NoAckUntilStored) {
    redis_server redis;
    sia::daemon daemon(sia::yaml(redis.url()));
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    redis.stop();
    for (int i = 0; i < 600 && http_call(daemon.http_port(), "GET", "/readyz").status != 503; ++i) {
        std::this_thread::sleep_for(50ms);
    }
    const auto frame = cid(77, "1110 01 003");
    std::optional<json::value> pushed;
    {
        tcp_panel p(daemon.tcp_port());
        p.send(frame);
        pushed = g.next_of("incident.opened");
        ASSERT_TRUE(pushed) << "the guards hear of it anyway";
        EXPECT_FALSE(p.next(1500ms)) << "no ACK for an event that is not durable";
    }

    redis.start();
    for (int i = 0; i < 600 && http_call(daemon.http_port(), "GET", "/readyz").status != 200; ++i) {
        std::this_thread::sleep_for(50ms);
    }
    tcp_panel p(daemon.tcp_port());
    p.send(frame);  // the panel's retry
    auto a = p.next();
    ASSERT_TRUE(a);
    EXPECT_EQ(read_answer(*a).kind(), "ACK");
    auto stored = redis_query(redis.port(),
                              {"HGET", "t:incident:" + str(*pushed, {"incident", "id"}), "head"});
    ASSERT_FALSE(stored.nil);
    EXPECT_EQ(json::parse(stored.str).as_object().at("event_count").as_int64(), 2);
}

// Below the config's 5 s minimum, set after loading: only panel-sup, only for these tests.
std::function<void(config::config&)> supervise_every(std::chrono::milliseconds interval) {
    return [interval](config::config& c) {
        for (auto& d : c.devices) {
            if (d.id == "panel-sup") {
                d.supervision = interval;
            }
        }
    };
}

// A panel that stops sending NULLs gets a comm_fault incident; its next message restores it.
TEST(SiaSupervision, SilentPanelOpensCommFaultAndItsReturnRestoresIt) {
    redis_server redis;
    sia::daemon daemon(sia::yaml(redis.url(), /*supervised=*/true), supervise_every(2s));
    auto poll = [&] {
        tcp_panel p(daemon.tcp_port());
        p.send(make_frame({"NULL", 0, "7777", "", 0s, {}}));
        return read_answer(p.next().value_or("")).kind();
    };
    ASSERT_EQ(poll(), "ACK");
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    // Polling every 100 ms for longer than the 2 s interval keeps it quiet.
    const auto quiet_until = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < quiet_until) {
        std::this_thread::sleep_for(100ms);
        ASSERT_EQ(poll(), "ACK");
    }
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 0);

    // Then it falls silent.
    auto opened = g.next_of("incident.opened", 30s);
    ASSERT_TRUE(opened) << "no comm_fault incident";
    EXPECT_EQ(str(*opened, {"incident", "category"}), "comm_fault");
    EXPECT_EQ(str(*opened, {"event", "device"}), "panel-sup");
    EXPECT_EQ(str(*opened, {"event", "kind"}), "fault");
    EXPECT_EQ(str(*opened, {"event", "code"}), "supervision");
    EXPECT_EQ(str(*opened, {"event", "zone"}), "");
    EXPECT_EQ(str(*opened, {"incident", "building"}), "B1");

    // Its next message restores it.
    ASSERT_EQ(poll(), "ACK");
    auto restored = g.next_of("incident.updated", 30s);
    ASSERT_TRUE(restored);
    EXPECT_EQ(str(*restored, {"change"}), "restored");
    EXPECT_EQ(str(*restored, {"incident_id"}), str(*opened, {"incident", "id"}));
    EXPECT_EQ(str(*restored, {"event", "kind"}), "fault_restore");
}

// A comm_fault still open when the daemon restarts is not raised a second time, and the panel's
// return restores that same incident.
// The second daemon supervises at 30 s: nothing of its own comes due during the test.
TEST(SiaSupervision, OpenCommFaultSurvivesARestart) {
    redis_server redis;
    std::string incident;
    {
        sia::daemon first(sia::yaml(redis.url(), /*supervised=*/true), supervise_every(1s));
        ws_client g(first.http_port(), "tok-g01");
        ASSERT_TRUE(g.next_of("hello"));
        auto opened = g.next_of("incident.opened", 30s);
        ASSERT_TRUE(opened);
        ASSERT_EQ(str(*opened, {"incident", "category"}), "comm_fault");
        incident = str(*opened, {"incident", "id"});
    }
    sia::daemon second(sia::yaml(redis.url(), /*supervised=*/true), supervise_every(30s));
    ws_client g(second.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    tcp_panel p(second.tcp_port());
    p.send(make_frame({"NULL", 0, "7777", "", 0s, {}}));
    ASSERT_EQ(read_answer(p.next().value_or("")).kind(), "ACK");
    auto restored = g.next_of("incident.updated", 30s);
    ASSERT_TRUE(restored);
    EXPECT_EQ(str(*restored, {"change"}), "restored");
    EXPECT_EQ(str(*restored, {"incident_id"}), incident);
    // One fault before the restart, one restore after it (stored right after its push).
    long long events = 0;
    for (int i = 0;
         i < 1500 && (events = redis_query(redis.port(), {"XLEN", "t:events"}).integer) < 2; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(events, 2);
}

// The dc09-send tool against the running receiver: plain over TCP, encrypted over UDP.
TEST_F(SiaReceiver, Dc09SendTool) {
    const auto tool = test_tool_path("dc09-send");
    ASSERT_TRUE(std::filesystem::exists(tool)) << "dc09-send is built with the tests: " << tool;
    std::string out;
    const auto tcp = "127.0.0.1:" + std::to_string(daemon.tcp_port());
    const auto udp = "127.0.0.1:" + std::to_string(daemon.udp_port());
    EXPECT_EQ(run_tool(tool + " --tcp " + tcp + " --account 1234 --data '#1234|1110 01 003'", out),
              0)
        << out;
    EXPECT_EQ(out.rfind("ACK seq=0001 account=1234", 0), 0u) << out;
    EXPECT_EQ(run_tool(tool + " --udp " + udp + " --account ABCDEF --key " + sia::key_hex +
                           " --token SIA-DCS --data '#ABCDEF|Nri1/FA001' --seq 5",
                       out),
              0)
        << out;
    EXPECT_EQ(out.rfind("*ACK seq=0005 account=ABCDEF", 0), 0u) << out;
    EXPECT_EQ(
        run_tool(tool + " --tcp " + tcp + " --account 1234 --data '#1234|1130 01 004' --count 50",
                 out),
        0)
        << out;
    EXPECT_NE(out.find("ack=50"), std::string::npos) << out;
    EXPECT_NE(out.find("messages_per_second="), std::string::npos) << out;
    EXPECT_EQ(run_tool(tool + " --tcp " + tcp + " --account 9999 --data '#9999|1110 01 003'", out),
              1);
    EXPECT_EQ(out.rfind("NAK", 0), 0u) << out;
    EXPECT_EQ(stored_events(), 52);
}

}  // namespace
}  // namespace alarmd::test
