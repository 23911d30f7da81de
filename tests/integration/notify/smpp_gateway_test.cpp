// The SMPP gateway against a real SMSC (the npm `smpp` package's server, tests/peers): the text
// arrives as UCS-2 with concatenation headers when long, receipts are matched back, throttling
// delays without losing, a connection cut mid-window loses nothing and doubles nothing from the
// SMSC's point of view, and an SMSC that is down or refuses the bind fails the message at once
// so the next gateway can take it.
#include "daemon/notify/sms/smpp_gateway.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "tests/support/fake_smsc.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::notify {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using test::fake_smsc;
using test::fake_smsc_options;

config::sms_gateway smpp_config(int port) {
    config::sms_gateway g;
    g.name = "smsc";
    g.type = config::gateway_type::smpp;
    g.host = "127.0.0.1";
    g.port = static_cast<std::uint16_t>(port);
    g.system_id = "alarmd";
    g.password = "pw";
    g.source_addr = "10690001";
    g.response_timeout = 2s;
    g.reconnect_max = 1s;
    return g;
}

// Runs the loop until `done()` or 30 s.
template <class F>
bool run_until(boost::asio::io_context& ioc, F done) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        ioc.run_for(10ms);
        if (ioc.stopped()) {
            ioc.restart();
        }
    }
    return done();
}

std::string str(const json::value& v, const char* key) {
    return std::string(v.as_object().at(key).as_string());
}

std::string chinese(std::size_t n) {
    std::string out;
    const char* chars[] = {"火", "警", "请", "立", "即", "疏", "散"};
    for (std::size_t i = 0; i < n; ++i) {
        out += chars[i % 7];
    }
    return out;
}

TEST(SmppGateway, LongChineseTextArrivesInTwoConcatenatedUcs2PartsAndItsReceiptIsMatched) {
    fake_smsc smsc;
    boost::asio::io_context ioc;
    auto gw = std::make_unique<smpp_gateway>(ioc, smpp_config(smsc.port()));
    std::optional<sms_receipt> receipt;
    gw->on_receipt([&](const sms_receipt& r) { receipt = r; });
    std::optional<sms_result> result;
    const auto text = chinese(120);
    gw->send({"+8613800000001", text, "inc-1/residents", "resident:B1/301"},
             [&](sms_result r) { result = r; });
    ASSERT_TRUE(run_until(ioc, [&] { return result && receipt; }));
    EXPECT_TRUE(result->accepted) << result->error;
    EXPECT_EQ(result->gateway, "smsc");

    const auto parts = smsc.accepted();
    ASSERT_EQ(parts.size(), 2u);
    std::string joined;
    std::set<std::string> refs;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& p = parts[i];
        EXPECT_EQ(str(p, "to"), "8613800000001");
        EXPECT_EQ(str(p, "from"), "10690001");
        EXPECT_EQ(p.at("dc").to_number<int>(), 8) << "UCS-2";
        EXPECT_EQ(p.at("esm").to_number<int>() & 0x40, 0x40) << "UDHI";
        EXPECT_EQ(p.at("registered_delivery").to_number<int>(), 1);
        const auto& udh = p.at("udh").as_array();
        ASSERT_EQ(udh.size(), 1u);
        const std::string ie(udh[0].as_string());  // IEI 00, length 03, ref, total, seq
        ASSERT_EQ(ie.size(), 10u) << ie;
        EXPECT_EQ(ie.substr(0, 4), "0003");
        refs.insert(ie.substr(4, 2));
        EXPECT_EQ(ie.substr(6, 2), "02");
        EXPECT_EQ(ie.substr(8, 2), i == 0 ? "01" : "02");
        joined += str(p, "text");
    }
    EXPECT_EQ(refs.size(), 1u) << "one reference for both parts";
    EXPECT_EQ(joined, text) << "the phone joins them into the whole text";
    EXPECT_EQ(result->message_id, str(parts[0], "id"));

    EXPECT_TRUE(receipt->delivered);
    EXPECT_EQ(receipt->state, "delivered");
    EXPECT_EQ(receipt->ref, "inc-1/residents");
    EXPECT_EQ(receipt->recipient, "resident:B1/301");
    EXPECT_EQ(receipt->message_id, result->message_id);
}

TEST(SmppGateway, ThrottledSubmitsAreDelayedNotLost) {
    fake_smsc_options o;
    o.throttle_first = 3;
    fake_smsc smsc(o);
    boost::asio::io_context ioc;
    smpp_gateway gw(ioc, smpp_config(smsc.port()));
    std::vector<sms_result> results;
    for (int i = 0; i < 5; ++i) {
        gw.send({"+861380000000" + std::to_string(i), "fire " + std::to_string(i), "inc-1/manager",
                 "m" + std::to_string(i)},
                [&](sms_result r) { results.push_back(r); });
    }
    ASSERT_TRUE(run_until(ioc, [&] { return results.size() == 5; }));
    for (const auto& r : results) {
        EXPECT_TRUE(r.accepted) << r.error;
    }
    const auto accepted = smsc.accepted();
    ASSERT_EQ(accepted.size(), 5u);
    std::set<std::string> texts;
    for (const auto& a : accepted) {
        texts.insert(str(a, "text"));
        EXPECT_EQ(a.at("dc").to_number<int>(), 0) << "plain ASCII goes as GSM 7-bit";
    }
    EXPECT_EQ(texts.size(), 5u) << "each message once";
    std::size_t throttled = 0;
    for (const auto& e : smsc.events()) {
        if (str(e, "event") == "submit" && e.at("status").to_number<int>() == 0x58) {
            ++throttled;
        }
    }
    EXPECT_EQ(throttled, 3u);
}

TEST(SmppGateway, ConnectionCutMidWindowDeliversEveryMessageExactlyOnce) {
    fake_smsc_options o;
    o.drop_after = 4;
    fake_smsc smsc(o);
    boost::asio::io_context ioc;
    smpp_gateway gw(ioc, smpp_config(smsc.port()));
    std::map<std::string, sms_result> results;
    for (int i = 0; i < 20; ++i) {
        const auto text = "notice " + std::to_string(i);
        gw.send({"+8613800000000", text, "inc-2/residents", "r" + std::to_string(i)},
                [&results, text](sms_result r) {
                    EXPECT_FALSE(results.contains(text)) << "done called twice";
                    results[text] = r;
                });
    }
    ASSERT_TRUE(run_until(ioc, [&] { return results.size() == 20; }));
    std::size_t ok = 0;
    for (const auto& [text, r] : results) {
        ok += r.accepted ? 1 : 0;
    }
    EXPECT_EQ(ok, 20u);
    const auto accepted = smsc.wait_accepted(20);
    std::multiset<std::string> texts;
    for (const auto& a : accepted) {
        texts.insert(str(a, "text"));
    }
    EXPECT_EQ(texts.size(), 20u);
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(texts.count("notice " + std::to_string(i)), 1u) << i;
    }
    std::size_t binds = 0;
    for (const auto& e : smsc.events()) {
        binds += str(e, "event") == "bind" ? 1 : 0;
    }
    EXPECT_EQ(binds, 2u) << "bound again after the cut";
}

TEST(SmppGateway, SmscDownFailsAtOnceWithTheReason) {
    const int port = test::free_tcp_port();  // nothing listens there
    boost::asio::io_context ioc;
    smpp_gateway gw(ioc, smpp_config(port));
    std::optional<sms_result> first;
    gw.send({"+8613800000000", "火警", "inc-3/manager", "lead1"}, [&](sms_result r) { first = r; });
    ASSERT_TRUE(run_until(ioc, [&] { return first.has_value(); }));
    EXPECT_FALSE(first->accepted);
    EXPECT_NE(first->error.find("cannot connect"), std::string::npos) << first->error;
    // While down, the next message does not wait for a reconnect.
    std::optional<sms_result> second;
    gw.send({"+8613800000000", "火警", "inc-3/manager", "lead1"},
            [&](sms_result r) { second = r; });
    ioc.poll();
    ASSERT_TRUE(second.has_value());
    EXPECT_FALSE(second->accepted);
    EXPECT_EQ(second->error.rfind("not bound:", 0), 0u) << second->error;
}

// A reload replaces the gateway: the one it replaces sends what it already holds, every message
// gets its answer, then it unbinds.
TEST(SmppGateway, AGatewayDestroyedWithMessagesQueuedSendsThemThenUnbinds) {
    fake_smsc smsc;
    boost::asio::io_context ioc;
    auto gw = std::make_unique<smpp_gateway>(ioc, smpp_config(smsc.port()));
    std::vector<sms_result> results;
    for (int i = 0; i < 30; ++i) {
        gw->send({"+8613800000000", "drain " + std::to_string(i), "inc-5/residents",
                  "r" + std::to_string(i)},
                 [&](sms_result r) { results.push_back(r); });
    }
    gw.reset();  // before it is even bound
    ASSERT_TRUE(run_until(ioc, [&] { return results.size() == 30; }));
    for (const auto& r : results) {
        EXPECT_TRUE(r.accepted) << r.error;
    }
    EXPECT_EQ(smsc.wait_accepted(30).size(), 30u);
    bool unbound = false;
    for (int i = 0; i < 1500 && !unbound; ++i) {
        ioc.run_for(10ms);
        for (const auto& e : smsc.events()) {
            unbound = unbound || str(e, "event") == "unbind";
        }
    }
    EXPECT_TRUE(unbound) << "the replaced gateway unbinds once empty";
    // And then nothing of it is left running on the loop.
    ioc.restart();
    ioc.run_for(1s);
    EXPECT_TRUE(ioc.stopped()) << "no timer or socket of the old gateway left";
}

TEST(SmppGateway, RefusedBindFailsWithTheStatus) {
    fake_smsc_options o;
    o.refuse_bind = true;
    fake_smsc smsc(o);
    boost::asio::io_context ioc;
    smpp_gateway gw(ioc, smpp_config(smsc.port()));
    std::optional<sms_result> r;
    gw.send({"+8613800000000", "火警", "inc-4/manager", "lead1"}, [&](sms_result x) { r = x; });
    ASSERT_TRUE(run_until(ioc, [&] { return r.has_value(); }));
    EXPECT_FALSE(r->accepted);
    EXPECT_NE(r->error.find("bind refused"), std::string::npos) << r->error;
    EXPECT_NE(r->error.find("0x0D"), std::string::npos) << r->error;
    EXPECT_TRUE(smsc.accepted().empty());
}

}  // namespace
}  // namespace alarmd::notify
