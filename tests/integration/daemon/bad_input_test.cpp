// Bad input gets a clear negative answer and changes nothing; a guard that stops reading is
// dropped without costing the others a single message.
#include <gtest/gtest.h>

#include <iostream>
#include <thread>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class BadInput : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{test_config_yaml(redis.url())};

    http_reply post(const std::string& body, const std::string& token = "tok-gw") {
        return http_call(daemon.port(), "POST", "/v1/events", body, token);
    }
    std::string field_of(const http_reply& r) {
        return std::string(r.json().as_object().at("field").as_string());
    }
    long long events_stored() { return redis_query(redis.port(), {"XLEN", "t:events"}).integer; }
};

TEST_F(BadInput, InvalidJsonIsA400NamingTheBody) {
    auto r = post("{\"device\": \"panel-b3\", ");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(field_of(r), "body");
    EXPECT_EQ(post("[1,2]").status, 400);
    EXPECT_EQ(events_stored(), 0);
}

TEST_F(BadInput, MissingOrWrongFieldsAreNamed) {
    struct case_t {
        std::string body;
        std::string field;
    };
    for (const auto& c : std::vector<case_t>{
             {R"({"category":"fire"})", "device"},
             {R"({"device":"panel-b3"})", "category"},
             {R"({"device":"panel-b3","category":"smoke"})", "category"},
             {R"({"device":"panel-b3","category":"fire","kind":"boom"})", "kind"},
             {R"({"device":"panel-b3","category":"fire","zone":7})", "zone"},
             {R"({"device":"panel-b3","category":"fire","occurred_at":"yesterday"})",
              "occurred_at"},
             {R"({"device":"panel-b3","category":"fire","source":"operator"})", "source"},
             {R"({"device":"no-such-device","category":"fire"})", "device"},
         }) {
        auto r = post(c.body);
        EXPECT_EQ(r.status, 400) << c.body;
        EXPECT_EQ(field_of(r), c.field) << c.body << " -> " << r.body;
    }
    auto unknown = post(R"({"device":"no-such-device","category":"fire"})");
    EXPECT_NE(unknown.body.find("no-such-device"), std::string::npos);
    EXPECT_EQ(events_stored(), 0);
}

TEST_F(BadInput, WrongOrMissingTokenIs401) {
    const std::string ok = R"({"device":"panel-b3","category":"fire"})";
    EXPECT_EQ(post(ok, "").status, 401);
    EXPECT_EQ(post(ok, "tok-wrong").status, 401);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents", {}, "nope").status, 401);
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-gw"), 401);  // a source is not a person
    EXPECT_EQ(ws_refusal_status(daemon.port(), ""), 401);
    EXPECT_EQ(events_stored(), 0);
}

TEST_F(BadInput, OversizedBodyIs413) {
    std::string big = R"({"device":"panel-b3","category":"fire","text":")" +
                      std::string(8000, 'x') + "\"}";
    auto r = post(big);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(events_stored(), 0);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/healthz").status, 200);
}

TEST_F(BadInput, GarbageOverWebSocketGetsAnErrorAndTheConnectionStays) {
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    g.send(json::value("not an object"));
    auto e1 = g.next_of("error");
    ASSERT_TRUE(e1);
    g.send(json::object{{"type", "launch"}, {"ref", 9}});
    auto e2 = g.next_of("error");
    ASSERT_TRUE(e2);
    EXPECT_EQ(e2->as_object().at("ref").as_int64(), 9);
    g.send(json::object{{"type", "ack"}, {"incident", "inc-none"}, {"ref", 10}});
    auto e3 = g.next_of("error");
    ASSERT_TRUE(e3);
    EXPECT_EQ(e3->as_object().at("ref").as_int64(), 10);
    g.send(json::object{{"type", "resume"}, {"after_seq", -4}, {"ref", 11}});
    ASSERT_TRUE(g.next_of("error"));
    g.send(json::object{{"type", "ping"}, {"ref", 12}});
    auto pong = g.next_of("ok");
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->as_object().at("ref").as_int64(), 12);
}

TEST_F(BadInput, UnknownRoutesAndMethods) {
    EXPECT_EQ(http_call(daemon.port(), "GET", "/nope").status, 404);
    EXPECT_EQ(http_call(daemon.port(), "DELETE", "/v1/events", {}, "tok-gw").status, 405);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents?state=bogus", {}, "tok-g01").status,
              400);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/incidents/none", {}, "tok-g01").status, 404);
}

// A slow guard: connected, never reading (and with a small socket buffer, so it fills up after
// a few messages), while 3,000 events flow. Its queue overflows and it is dropped; a guard
// reading on its own thread, at its own pace, receives every message in order and is never
// dropped: the stalled one holds nobody back. The sender does not wait for either of them.
class SlowClient : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{test_config_yaml(redis.url(), "websocket: { queue_limit: 256 }\n")};
};

TEST_F(SlowClient, ANonReadingClientIsDroppedAndOthersReceiveEverything) {
    constexpr int events = 3000;
    ws_client reader(daemon.port(), "tok-g01");
    // Completes the handshake, then never reads.
    ws_client stalled(daemon.port(), "tok-g02", false, /*receive_buffer=*/4096);
    auto hello = reader.next_of("hello");
    ASSERT_TRUE(hello);

    // The reader's thread: every message until the last event's, or a gap.
    std::vector<std::int64_t> seqs;
    std::thread reading([&] {
        while (seqs.size() < static_cast<std::size_t>(events)) {
            auto m = reader.next(std::chrono::seconds(60));
            if (!m) {
                return;
            }
            seqs.push_back(m->as_object().at("seq").to_number<std::int64_t>());
        }
    });

    http_connection conn(daemon.port());
    const std::string body = R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})";
    const auto started = std::chrono::steady_clock::now();
    int accepted = 0;
    for (int i = 0; i < events; ++i) {
        accepted += conn.call("POST", "/v1/events", body, "tok-gw").status == 202 ? 1 : 0;
    }
    const auto secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    reading.join();
    std::cout << "[ figures  ] " << events << " events over one HTTP keep-alive connection in "
              << secs << " s: " << static_cast<int>(events / secs) << " events/s\n";

    EXPECT_EQ(accepted, events);
    ASSERT_EQ(seqs.size(), static_cast<std::size_t>(events)) << "the reading guard missed some";
    const auto first = hello->as_object().at("seq").to_number<std::int64_t>() + 1;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        ASSERT_EQ(seqs[i], first + static_cast<std::int64_t>(i)) << "out of order at " << i;
    }
    EXPECT_TRUE(stalled.closed_by_server(std::chrono::seconds(10)));

    auto metrics = http_call(daemon.port(), "GET", "/metrics");
    EXPECT_NE(metrics.body.find("alarmd_ws_dropped_clients_total 1\n"), std::string::npos)
        << "only the stalled guard was dropped";
    EXPECT_NE(metrics.body.find("alarmd_ws_clients 1\n"), std::string::npos);
}

}  // namespace
}  // namespace alarmd::test
