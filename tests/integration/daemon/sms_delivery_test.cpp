// SMS stages end to end, with the built daemon and a real SMSC (the npm `smpp` server): the
// manager's stage arrives at the SMSC as UCS-2 to the manager's number and the SMSC's receipt is
// recorded on the incident; with the SMSC down the message fails over to an http gateway; a
// daemon killed after the SMSC took a message does not send it again after its restart; a
// daemon stopped while the SMSC is answering waits for the answer and records it.
#include <gtest/gtest.h>

#include <thread>

#include <boost/json.hpp>

#include <csignal>
#include "tests/support/clients.hpp"

#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_smsc.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const std::string manager_stage =
    "policies:\n"
    "  default:\n"
    "    stages:\n"
    "      - { name: manager, at: 300ms, to: [manager], via: [sms],"
    " message: \"火警：{building} {label}，请立即处理\" }\n";

std::string smpp_gateway_yaml(int port) {
    return "    - { name: operator, type: smpp, host: 127.0.0.1, port: " + std::to_string(port) +
           ", system_id: alarmd, password: pw, source_addr: \"10690001\", response_timeout: 2s }\n";
}

std::string open_fire(int port) {
    auto r = http_call(port, "POST", "/v1/events",
                       R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})",
                       "tok-gw");
    EXPECT_EQ(r.status, 202) << r.body;
    return std::string(r.json().as_object().at("incident_id").as_string());
}

// The incident's delivery record for `field` ("STAGE|VIA|TO"), waiting (bounded) for it.
std::string delivery(int redis_port, const std::string& incident, const std::string& field) {
    for (int i = 0; i < 1200; ++i) {
        auto v = redis_query(redis_port, {"HGET", "t:incident:" + incident + ":deliveries", field});
        if (!v.nil) {
            return v.str;
        }
        std::this_thread::sleep_for(50ms);
    }
    return {};
}

TEST(SmsDelivery, ManagerStageReachesTheSmscAsUcs2AndItsReceiptIsRecorded) {
    redis_server redis;
    fake_smsc smsc;
    daemon_harness d(test_config_yaml(
        redis.url(), "sms:\n  gateways:\n" + smpp_gateway_yaml(smsc.port()), manager_stage));
    const auto id = open_fire(d.port());

    const auto accepted = smsc.wait_accepted(1);
    ASSERT_EQ(accepted.size(), 1u) << "the stage never reached the SMSC";
    const auto& sm = accepted[0].as_object();
    EXPECT_EQ(sm.at("dc").to_number<int>(), 8) << "Chinese goes as UCS-2";
    EXPECT_EQ(sm.at("text").as_string(), "火警：3号楼 3F 电梯厅烟感，请立即处理");
    EXPECT_EQ(sm.at("from").as_string(), "10690001");
    const std::string to(sm.at("to").as_string());
    EXPECT_FALSE(to.empty());
    EXPECT_EQ(to.find('+'), std::string::npos) << "digits only: " << to;

    const auto record = delivery(redis.port(), id, "manager|sms|mgr1");
    ASSERT_FALSE(record.empty()) << "no sms delivery recorded";
    EXPECT_NE(record.find("accepted by operator (" + std::string(sm.at("id").as_string()) + ")"),
              std::string::npos)
        << record;
    const auto receipt = delivery(redis.port(), id, "manager|sms_receipt|mgr1");
    ASSERT_FALSE(receipt.empty()) << "the receipt was not recorded";
    EXPECT_NE(receipt.find("delivered (receipt from operator"), std::string::npos) << receipt;
    const auto timeline =
        redis_query(redis.port(), {"LRANGE", "t:incident:" + id + ":timeline", "0", "-1"});
    bool receipt_line = false;
    for (const auto& line : timeline.elements) {
        receipt_line = receipt_line || line.find("\"what\":\"sms_receipt\"") != std::string::npos;
    }
    EXPECT_TRUE(receipt_line) << "no sms_receipt line on the timeline";
}

TEST(SmsDelivery, SmscDownFailsOverToTheHttpGateway) {
    redis_server redis;
    http_test_server server({202, "Accepted", "0: Accepted for delivery"});
    const std::string sms = "sms:\n  gateways:\n" + smpp_gateway_yaml(free_tcp_port()) +
                            "    - { name: kannel, type: http, method: GET, success_match: "
                            "Accepted, url: \"http://127.0.0.1:" +
                            std::to_string(server.port()) +
                            "/cgi-bin/sendsms?to={to}&text={text}\" }\n";
    daemon_harness d(test_config_yaml(redis.url(), sms, manager_stage));
    const auto id = open_fire(d.port());
    auto req = server.next();
    ASSERT_TRUE(req) << "the message never reached the http gateway";
    const auto record = delivery(redis.port(), id, "manager|sms|mgr1");
    ASSERT_FALSE(record.empty());
    EXPECT_NE(record.find("accepted by kannel"), std::string::npos) << record;
    EXPECT_EQ(server.count(), 1u);
}

// kill -9 after the SMSC accepted the manager's SMS, before its result was recorded: the
// restarted daemon resumes the stage, does not send the message again (it was recorded as
// handed to the gateways before it went), and records its outcome as unknown.
TEST(SmsDelivery, KilledAfterTheSmscTookAMessageTheRestartDoesNotSendItAgain) {
    redis_server redis;
    fake_smsc smsc;
    daemon_process d(test_config_yaml(
        redis.url(), "sms:\n  gateways:\n" + smpp_gateway_yaml(smsc.port()), manager_stage));
    d.start({"ALARMD_FAILPOINT=sms_accepted:1"});
    const auto id = open_fire(d.port());
    ASSERT_EQ(d.wait_signal_exit(60s), SIGKILL) << d.log().substr(0, 4000);
    ASSERT_EQ(smsc.accepted().size(), 1u);

    d.start();
    const auto record = delivery(redis.port(), id, "manager|sms|mgr1");
    ASSERT_FALSE(record.empty()) << "the resumed stage recorded nothing";
    EXPECT_NE(record.find("unknown: handed to the SMS gateways before the daemon stopped"),
              std::string::npos)
        << record;
    EXPECT_EQ(smsc.accepted().size(), 1u) << "sent once";
    EXPECT_EQ(d.log_count("event=sms_failed incident=" + id), 1u) << "the guards are told";
}

// SIGTERM while the SMSC has a message and its answer is a second away: the drain waits for the
// answer, so the record says accepted before the daemon exits (not "unknown" at the next start).
TEST(SmsDelivery, AStopWaitsForTheSmscsAnswerAndRecordsIt) {
    redis_server redis;
    fake_smsc_options slow;
    slow.answer_delay_ms = 1000;
    fake_smsc smsc(slow);
    daemon_process d(test_config_yaml(
        redis.url(), "sms:\n  gateways:\n" + smpp_gateway_yaml(smsc.port()), manager_stage));
    d.start();
    const auto id = open_fire(d.port());
    ASSERT_EQ(smsc.wait_accepted(1).size(), 1u);  // with the SMSC; its answer is a second away
    EXPECT_EQ(d.terminate(), 0);
    EXPECT_EQ(d.log_count("event=shutdown_sms_unanswered"), 0u) << d.log();
    const auto record =
        redis_query(redis.port(), {"HGET", "t:incident:" + id + ":deliveries", "manager|sms|mgr1"});
    ASSERT_FALSE(record.nil) << "no outcome recorded before the daemon exited";
    EXPECT_NE(record.str.find("\"accepted"), std::string::npos) << record.str;
}

}  // namespace
}  // namespace alarmd::test
