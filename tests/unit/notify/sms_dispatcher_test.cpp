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

TEST(SmsDispatcher, GatewaysNotInThisBuildAreNamedAndTheLogGatewayAccepts) {
    config::sms_config cfg;
    cfg.gateways = {gateway("operator", config::gateway_type::smpp),
                    gateway("demo", config::gateway_type::log)};
    boost::asio::io_context ioc;
    auto d = std::make_shared<sms_dispatcher>(ioc, cfg);  // shared: a send keeps it alive
    ASSERT_EQ(d->skipped().size(), 1u);
    EXPECT_EQ(d->skipped()[0].rfind("operator (smpp", 0), 0u);
    std::vector<sms_result> got;
    for (int i = 0; i < 2; ++i) {
        d->send({"+8613800000000", "火警", "inc-1/manager"}, [&](sms_result r) { got.push_back(r); });
    }
    ASSERT_EQ(got.size(), 2u);
    EXPECT_TRUE(got[0].accepted);
    EXPECT_EQ(got[0].gateway, "demo");
    EXPECT_NE(got[0].message_id, got[1].message_id) << "each message its own id";
}

TEST(SmsDispatcher, HttpGatewaysAreBuilt) {
    config::sms_config cfg;
    auto http = gateway("cloud", config::gateway_type::http);
    http.url = "http://127.0.0.1:13013/cgi-bin/sendsms?to={to}&text={text}";
    cfg.gateways = {http, gateway("operator", config::gateway_type::smpp)};
    boost::asio::io_context ioc;
    auto d = std::make_shared<sms_dispatcher>(ioc, cfg);
    EXPECT_FALSE(d->empty());
    ASSERT_EQ(d->skipped().size(), 1u) << "only the smpp gateway";
}

TEST(SmsDispatcher, PhoneNumbersAreMaskedInLogs) {
    EXPECT_EQ(masked_phone("+8613912345601"), "+8613*******01");
    EXPECT_EQ(masked_phone("1234567"), "*******");
    EXPECT_EQ(masked_phone(""), "");
}

}  // namespace
}  // namespace alarmd::notify
