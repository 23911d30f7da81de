// The HTTP SMS gateway against a real HTTP server on loopback: what goes on the wire (Kannel's
// sendsms with Chinese text, form and JSON bodies), what counts as accepted, the failures that
// make the dispatcher try the next gateway (a 500, no answer in time, a refused connection, a
// name that does not resolve, an untrusted certificate), a gateway dropped while its request is
// under way, and a stage of the running daemon delivered through it and recorded in Redis.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "daemon/notify/sms/http_gateway.hpp"
#include "daemon/notify/sms/http_template.hpp"
#include "daemon/notify/sms/sms_gateway.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/http_test_server.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/test_cert.hpp"

namespace alarmd::test {
namespace {

using namespace std::chrono_literals;
using notify::sms_message;
using notify::sms_result;

const sms_message fire{"+8613800000000", "火警：3号楼 3F 电梯厅烟感", "inc-1/report"};

std::string kannel_url(int port) {
    return "http://127.0.0.1:" + std::to_string(port) +
           "/cgi-bin/sendsms?username=u&password=p&to={to}&text={text}&coding=2&charset=UTF-8";
}

// A gateway that reads the request and never answers.
canned_answer hung() {
    canned_answer a;
    a.never = true;
    return a;
}

config::sms_gateway http_gateway_config(std::string name, std::string url) {
    config::sms_gateway g;
    g.name = std::move(name);
    g.type = config::gateway_type::http;
    g.url = std::move(url);
    g.method = "GET";
    g.timeout = 10s;
    return g;
}

// Sends one message and runs the loop until nothing is left to do; `done` must have run once.
sms_result send_one(boost::asio::io_context& ioc, notify::sms_gateway& gw,
                    const sms_message& m = fire) {
    std::optional<sms_result> got;
    int calls = 0;
    gw.send(m, [&](sms_result r) {
        got = std::move(r);
        ++calls;
    });
    EXPECT_EQ(calls, 0) << "answered from the loop, not inside send()";
    ioc.restart();
    ioc.run_for(60s);
    EXPECT_EQ(calls, 1);
    return got.value_or(sms_result{false, {}, {}, "done was never called"});
}

TEST(HttpGateway, KannelSendsmsCarriesTheChineseTextUrlEncoded) {
    http_test_server server({202, "Accepted", "0: Accepted for delivery"});
    auto cfg = http_gateway_config("kannel", kannel_url(server.port()));
    cfg.success_match = "Accepted";
    boost::asio::io_context ioc;
    notify::http_gateway gw(ioc, cfg);
    EXPECT_EQ(gw.name(), "kannel");

    const auto r = send_one(ioc, gw);
    EXPECT_TRUE(r.accepted) << r.error;
    EXPECT_EQ(r.gateway, "kannel");
    EXPECT_EQ(r.message_id, "HTTP 202 Accepted: 0: Accepted for delivery");

    auto req = server.next();
    ASSERT_TRUE(req);
    EXPECT_EQ(req->method, "GET");
    EXPECT_EQ(req->target,
              "/cgi-bin/sendsms?username=u&password=p&to=%2B8613800000000&text="
              "%E7%81%AB%E8%AD%A6%EF%BC%9A3%E5%8F%B7%E6%A5%BC%203F%20%E7%94%B5%E6%A2%AF%E5%8E%85"
              "%E7%83%9F%E6%84%9F&coding=2&charset=UTF-8");
    EXPECT_EQ(req->target.find("{"), std::string::npos);
    EXPECT_EQ(req->headers["host"], "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(req->headers["user-agent"], "alarmd");
    EXPECT_EQ(req->headers["connection"], "close");
    EXPECT_FALSE(req->headers.contains("content-length")) << "a GET has no body";
    EXPECT_EQ(req->body, "");
}

TEST(HttpGateway, FormAndJsonBodiesWithConfiguredHeaders) {
    http_test_server server({200, "OK", R"({"status":"queued"})"});
    boost::asio::io_context ioc;

    auto form =
        http_gateway_config("form", "http://127.0.0.1:" + std::to_string(server.port()) + "/send");
    form.method = "POST";
    form.body = "to={to}&text={text}&ref={ref}";
    notify::http_gateway form_gw(ioc, form);
    EXPECT_TRUE(send_one(ioc, form_gw).accepted);
    auto req = server.next();
    ASSERT_TRUE(req);
    EXPECT_EQ(req->method, "POST");
    EXPECT_EQ(req->target, "/send");
    EXPECT_EQ(req->headers["content-type"], "application/x-www-form-urlencoded");
    EXPECT_EQ(req->body, "to=%2B8613800000000&text=" + notify::percent_encode(fire.text) +
                             "&ref=inc-1%2Freport");

    auto json = http_gateway_config(
        "cloud", "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/sms?ref={ref}");
    json.method = "PUT";
    json.headers = {{"Content-Type", "application/json; charset=utf-8"},
                    {"Authorization", "Bearer s3cret"}};
    json.body = R"({"to":"{to}","text":"{text}"})";
    json.success_status = {200};
    json.success_match = "queued";
    notify::http_gateway json_gw(ioc, json);
    const sms_message quoted{"+8613800000001", "他说\"快撤离\"\n二楼", "inc-2/manager"};
    const auto r = send_one(ioc, json_gw, quoted);
    EXPECT_TRUE(r.accepted) << r.error;
    req = server.next();
    ASSERT_TRUE(req);
    EXPECT_EQ(req->method, "PUT");
    EXPECT_EQ(req->target, "/v1/sms?ref=inc-2%2Fmanager");
    EXPECT_EQ(req->headers["content-type"], "application/json; charset=utf-8");
    EXPECT_EQ(req->headers["authorization"], "Bearer s3cret");
    EXPECT_EQ(req->body, R"({"to":"+8613800000001","text":"他说\"快撤离\"\n二楼"})");
}

TEST(HttpGateway, AServerErrorIsNotAcceptedAndNamesTheStatus) {
    http_test_server server({500, "Internal Server Error", "database down\n"});
    boost::asio::io_context ioc;
    notify::http_gateway gw(ioc, http_gateway_config("kannel", kannel_url(server.port())));
    const auto r = send_one(ioc, gw);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.gateway, "kannel");
    EXPECT_EQ(r.error, "HTTP 500 Internal Server Error: database down");

    server.answer_with({200, "OK", "3: Queued for later delivery"});
    auto cfg = http_gateway_config("kannel", kannel_url(server.port()));
    cfg.success_match = "Accepted";
    notify::http_gateway strict(ioc, cfg);
    EXPECT_EQ(send_one(ioc, strict).error,
              "the answer lacks 'Accepted': HTTP 200 OK: 3: Queued for later delivery");
}

TEST(HttpGateway, NoAnswerInTimeIsNotAccepted) {
    http_test_server server(hung());
    auto cfg = http_gateway_config("slow", kannel_url(server.port()));
    cfg.timeout = 300ms;
    boost::asio::io_context ioc;
    notify::http_gateway gw(ioc, cfg);
    const auto started = std::chrono::steady_clock::now();
    const auto r = send_one(ioc, gw);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.error, "no answer within 300ms (waiting for the answer)");
    EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms) << "not before the timeout";
    EXPECT_EQ(server.count(), 1u) << "the request was sent";
}

TEST(HttpGateway, ARefusedConnectionIsNotAccepted) {
    const int port = closed_port();
    boost::asio::io_context ioc;
    notify::http_gateway gw(ioc, http_gateway_config("kannel", kannel_url(port)));
    const auto r = send_one(ioc, gw);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.error.rfind("cannot connect to 127.0.0.1:" + std::to_string(port) + ": ", 0), 0u)
        << r.error;
}

TEST(HttpGateway, ANameThatDoesNotResolveIsNotAccepted) {
    // .invalid never resolves (RFC 6761); without DNS at all the lookup may time out instead.
    auto cfg = http_gateway_config("kannel", "http://sms-gateway.invalid/send?to={to}");
    cfg.timeout = 5s;
    boost::asio::io_context ioc;
    notify::http_gateway gw(ioc, cfg);
    const auto r = send_one(ioc, gw);
    EXPECT_FALSE(r.accepted);
    EXPECT_TRUE(r.error.starts_with("cannot resolve sms-gateway.invalid: ") ||
                r.error == "no answer within 5s (resolving the host name)")
        << r.error;
}

TEST(HttpGateway, TooLargeAnAnswerIsNotAccepted) {
    http_test_server server({200, "OK", std::string(100 * 1024, 'x')});
    boost::asio::io_context ioc;
    notify::http_gateway gw(ioc, http_gateway_config("kannel", kannel_url(server.port())));
    const auto r = send_one(ioc, gw);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.error, "the answer of 127.0.0.1:" + std::to_string(server.port()) +
                           " is larger than 64 KiB");
}

TEST(HttpGateway, TheDispatcherFailsOverToTheNextGateway) {
    http_test_server server({503, "Service Unavailable", ""});
    config::sms_config cfg;
    cfg.gateways.push_back(http_gateway_config("kannel", kannel_url(server.port())));
    config::sms_gateway demo;
    demo.name = "demo";
    demo.type = config::gateway_type::log;
    cfg.gateways.push_back(demo);
    boost::asio::io_context ioc;
    auto d = std::make_shared<notify::sms_dispatcher>(ioc, cfg);
    std::vector<sms_result> got;
    d->send(fire, [&](sms_result r) { got.push_back(std::move(r)); });
    d.reset();  // the send in flight keeps the dispatcher and its gateways
    ioc.run_for(60s);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_TRUE(got[0].accepted);
    EXPECT_EQ(got[0].gateway, "demo");
    EXPECT_EQ(server.count(), 1u) << "the http gateway was tried first";

    // Both failing: the error names each gateway's reason, in order.
    cfg.gateways = {http_gateway_config("kannel", kannel_url(server.port())),
                    http_gateway_config("backup", kannel_url(closed_port()))};
    d = std::make_shared<notify::sms_dispatcher>(ioc, cfg);
    got.clear();
    d->send(fire, [&](sms_result r) { got.push_back(std::move(r)); });
    ioc.restart();
    ioc.run_for(60s);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_FALSE(got[0].accepted);
    EXPECT_EQ(got[0].error.rfind("kannel: HTTP 503 Service Unavailable; backup: cannot connect", 0),
              0u)
        << got[0].error;
}

TEST(HttpGateway, AGatewayDroppedWhileItsRequestIsUnderWayStillAnswersOnce) {
    http_test_server server(hung());
    auto cfg = http_gateway_config("slow", kannel_url(server.port()));
    cfg.timeout = 300ms;
    boost::asio::io_context ioc;
    int calls = 0;
    std::optional<sms_result> got;
    {
        auto gw = std::make_unique<notify::http_gateway>(ioc, cfg);
        gw->send(fire, [&](sms_result r) {
            got = std::move(r);
            ++calls;
        });
        ioc.poll();  // under way
    }                // a reload replaced the gateway
    ioc.run_for(60s);
    EXPECT_EQ(calls, 1);
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->accepted);
    EXPECT_EQ(got->gateway, "slow");
    EXPECT_TRUE(got->error.starts_with("no answer within 300ms")) << got->error;
}

// https: the certificate is checked against the system CA store (OpenSSL's default paths, which
// SSL_CERT_FILE overrides) and must name the host.
class HttpsGateway : public ::testing::Test {
protected:
    HttpsGateway() {
        dir_ = std::filesystem::temp_directory_path() /
               ("alarmd-https-gw-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        cert_ = make_test_cert(dir_, "gw", "localhost", 7);
    }
    ~HttpsGateway() override {
        ::unsetenv("SSL_CERT_FILE");
        std::filesystem::remove_all(dir_);
    }
    std::filesystem::path dir_;
    test_cert cert_;
};

TEST_F(HttpsGateway, AnUntrustedCertificateIsNotAccepted) {
    http_test_server server({200, "OK", "0: Accepted for delivery"}, cert_.cert, cert_.key);
    boost::asio::io_context ioc;
    notify::http_gateway gw(
        ioc, http_gateway_config("tls", "https://localhost:" + std::to_string(server.port()) +
                                            "/send?to={to}&text={text}"));
    const auto r = send_one(ioc, gw);
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.error.rfind("the certificate of localhost:" + std::to_string(server.port()) +
                                " is not trusted: self-signed certificate",
                            0),
              0u)
        << r.error;
    EXPECT_EQ(server.count(), 0u) << "nothing was sent";
}

TEST_F(HttpsGateway, ATrustedCertificateForTheHostIsAccepted) {
    ::setenv("SSL_CERT_FILE", cert_.cert.c_str(), 1);
    http_test_server server({200, "OK", "0: Accepted for delivery"}, cert_.cert, cert_.key);
    boost::asio::io_context ioc;
    notify::http_gateway gw(
        ioc, http_gateway_config("tls", "https://localhost:" + std::to_string(server.port()) +
                                            "/send?to={to}&text={text}"));
    const auto r = send_one(ioc, gw);
    EXPECT_TRUE(r.accepted) << r.error;
    auto req = server.next();
    ASSERT_TRUE(req);
    EXPECT_EQ(req->target, "/send?to=%2B8613800000000&text=" + notify::percent_encode(fire.text));
    EXPECT_EQ(req->headers["host"], "localhost:" + std::to_string(server.port()));

    // The same certificate does not name 127.0.0.1.
    notify::http_gateway by_address(
        ioc,
        http_gateway_config("tls", "https://127.0.0.1:" + std::to_string(server.port()) + "/send"));
    const auto wrong = send_one(ioc, by_address);
    EXPECT_FALSE(wrong.accepted);
    EXPECT_NE(wrong.error.find("mismatch"), std::string::npos) << wrong.error;
}

// End to end: the daemon's SMS stage goes through the http gateway, and the delivery record in
// Redis says which gateway accepted it.
TEST(HttpGatewayDaemon, AnSmsStageReachesTheGatewayAndIsRecordedAsAccepted) {
    redis_server redis;
    http_test_server server({202, "Accepted", "0: Accepted for delivery"});
    const std::string sms =
        "sms:\n"
        "  gateways:\n"
        "    - name: kannel\n"
        "      type: http\n"
        "      url: \"" +
        kannel_url(server.port()) +
        "\"\n"
        "      method: GET\n"
        "      success_match: \"Accepted\"\n"
        "      timeout: 5s\n";
    const std::string policies =
        "policies:\n"
        "  default:\n"
        "    stages:\n"
        "      - { name: report, at: 0s, to: [team_lead], via: [sms],"
        " message: \"火警：{building} {label}\" }\n";
    daemon_harness d(test_config_yaml(redis.url(), sms, policies));
    auto posted = http_call(d.port(), "POST", "/v1/events",
                            R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})",
                            "tok-gw");
    ASSERT_EQ(posted.status, 202) << posted.body;
    const std::string id(posted.json().as_object().at("incident_id").as_string());

    auto req = server.next();
    ASSERT_TRUE(req) << "the stage never reached the gateway";
    EXPECT_EQ(req->target, "/cgi-bin/sendsms?username=u&password=p&to=%2B8613800000000&text=" +
                               notify::percent_encode("火警：3号楼 3F 电梯厅烟感") +
                               "&coding=2&charset=UTF-8");

    std::string recorded;
    for (int i = 0; i < 1200 && recorded.empty(); ++i) {  // up to a minute
        const auto all = redis_query(redis.port(), {"HGETALL", "t:incident:" + id + ":deliveries"});
        for (const auto& v : all.elements) {
            if (v.find("\"via\":\"sms\"") != std::string::npos) {
                recorded = v;
            }
        }
        if (recorded.empty()) {
            std::this_thread::sleep_for(50ms);
        }
    }
    ASSERT_FALSE(recorded.empty()) << "no sms delivery recorded";
    EXPECT_NE(recorded.find(R"("to":"lead1")"), std::string::npos) << recorded;
    const std::string accepted =
        R"x("result":"accepted by kannel (HTTP 202 Accepted: 0: Accepted for delivery)")x";
    EXPECT_NE(recorded.find(accepted), std::string::npos) << recorded;
    EXPECT_EQ(server.count(), 1u) << "told once";
}

}  // namespace
}  // namespace alarmd::test
