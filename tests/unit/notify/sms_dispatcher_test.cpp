// The SMS dispatcher in front of the gateways: gateways this build cannot drive are named at
// start, a message with no gateway fails with a reason, the log gateway accepts with an id, and
// phone numbers in logs are masked. (Sends through http gateways: tests/integration/notify.)
#include "daemon/notify/sms/sms_gateway.hpp"

#include <gtest/gtest.h>

#include <memory>

#include <boost/asio/io_context.hpp>

namespace alarmd::notify {
namespace {

config::sms_gateway gateway(std::string name, config::gateway_type type) {
    config::sms_gateway g;
    g.name = std::move(name);
    g.type = type;
    return g;
}

TEST(SmsDispatcher, WithoutAGatewayAMessageFailsWithAReason) {
    boost::asio::io_context ioc;
    auto d = std::make_shared<sms_dispatcher>(ioc, config::sms_config{});
    EXPECT_TRUE(d->empty());
    std::optional<sms_result> got;
    d->send({"+8613800000000", "火警", "inc-1/manager"}, [&](sms_result r) { got = r; });
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->accepted);
    EXPECT_EQ(got->error, "no SMS gateway configured");
}

TEST(SmsDispatcher, TheLogGatewayAcceptsEachMessageWithItsOwnId) {
    config::sms_config cfg;
    cfg.gateways = {gateway("demo", config::gateway_type::log)};
    boost::asio::io_context ioc;
    auto d = std::make_shared<sms_dispatcher>(ioc, cfg);  // shared: a send keeps it alive
    EXPECT_TRUE(d->skipped().empty());
    std::vector<sms_result> got;
    for (int i = 0; i < 2; ++i) {
        d->send({"+861380000000" + std::to_string(i), "火警", "inc-1/manager"},
                [&](sms_result r) { got.push_back(r); });
    }
    ASSERT_EQ(got.size(), 2u);
    EXPECT_TRUE(got[0].accepted);
    EXPECT_EQ(got[0].gateway, "demo");
    EXPECT_NE(got[0].message_id, got[1].message_id) << "each message its own id";
}

TEST(SmsDispatcher, EveryGatewayTypeIsBuilt) {
    config::sms_config cfg;
    auto http = gateway("cloud", config::gateway_type::http);
    http.url = "http://127.0.0.1:13013/cgi-bin/sendsms?to={to}&text={text}";
    auto smpp = gateway("operator", config::gateway_type::smpp);
    smpp.host = "127.0.0.1";
    smpp.port = 2775;
    cfg.gateways = {smpp, http, gateway("demo", config::gateway_type::log)};
    boost::asio::io_context ioc;  // never run: nothing connects
    auto d = std::make_shared<sms_dispatcher>(ioc, cfg);
    EXPECT_FALSE(d->empty());
    EXPECT_TRUE(d->skipped().empty());
}

// A gateway that answers only when the test says so.
class held_gateway final : public sms_gateway {
public:
    explicit held_gateway(std::vector<std::pair<sms_message, sms_done>>& held) : held_(held) {}
    [[nodiscard]] const std::string& name() const override { return name_; }
    void send(const sms_message& m, sms_done done) override {
        held_.emplace_back(m, std::move(done));
    }

private:
    std::string name_ = "held";
    std::vector<std::pair<sms_message, sms_done>>& held_;
};

TEST(SmsDispatcher, UrgentMessagesOvertakeWaitingResidentsNotices) {
    config::sms_config cfg;
    cfg.max_in_flight = 2;
    cfg.per_recipient_per_minute = 0;
    std::vector<std::pair<sms_message, sms_done>> held;
    held.reserve(64);  // answering one sends the next: no reallocation under a running callback
    std::vector<std::unique_ptr<sms_gateway>> gws;
    gws.push_back(std::make_unique<held_gateway>(held));
    auto d = std::make_shared<sms_dispatcher>(cfg, std::move(gws));
    int answered = 0;
    for (int i = 0; i < 10; ++i) {
        d->send({"+86139000000" + std::to_string(10 + i), "notice", "inc-1/residents",
                 "resident:" + std::to_string(i), true},
                [&](sms_result) { ++answered; });
    }
    d->send({"+8613800000001", "escalation", "inc-1/manager", "mgr1"},
            [&](sms_result) { ++answered; });
    ASSERT_EQ(held.size(), 2u) << "two in flight at most";
    EXPECT_EQ(d->waiting(), 9u);
    // The first answer lets the manager's message go before the 8 notices still waiting.
    held[0].second({true, "held", "1", {}});
    ASSERT_EQ(held.size(), 3u);
    EXPECT_EQ(held[2].first.recipient, "mgr1");
    EXPECT_FALSE(held[2].first.bulk);
    for (std::size_t i = 1; i < held.size(); ++i) {
        held[i].second({true, "held", std::to_string(i), {}});
    }
    EXPECT_EQ(answered, 11);
    EXPECT_EQ(held.size(), 11u) << "every notice went out in the end";
}

TEST(SmsDispatcher, ANumberGetsAtMostTheLimitAMinute) {
    config::sms_config cfg;
    cfg.gateways = {gateway("demo", config::gateway_type::log)};
    cfg.per_recipient_per_minute = 2;
    boost::asio::io_context ioc;
    auto d = std::make_shared<sms_dispatcher>(ioc, cfg);
    std::vector<sms_result> got;
    for (int i = 0; i < 3; ++i) {
        d->send({"+8613800000000", "火警", "inc-" + std::to_string(i) + "/manager"},
                [&](sms_result r) { got.push_back(r); });
    }
    d->send({"+8613800000009", "火警", "inc-9/manager"}, [&](sms_result r) { got.push_back(r); });
    ASSERT_EQ(got.size(), 4u);
    EXPECT_TRUE(got[0].accepted);
    EXPECT_TRUE(got[1].accepted);
    EXPECT_FALSE(got[2].accepted);
    EXPECT_TRUE(got[2].rate_limited);
    EXPECT_NE(got[2].error.find("rate limited"), std::string::npos);
    EXPECT_TRUE(got[3].accepted) << "another number is not held back";
}

TEST(SmsDispatcher, PhoneNumbersAreMaskedInLogs) {
    EXPECT_EQ(masked_phone("+8613912345601"), "+8613*******01");
    EXPECT_EQ(masked_phone("1234567"), "*******");
    EXPECT_EQ(masked_phone(""), "");
}

}  // namespace
}  // namespace alarmd::notify
