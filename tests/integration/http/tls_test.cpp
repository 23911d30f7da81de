// server.tls: the listener speaks only HTTPS and WSS; plain HTTP to it gets no HTTP answer; a
// reload (SIGHUP) puts a new certificate on new connections while open ones stay, and a reload
// with a broken key is rejected with the old certificate still serving. A bad file stops the
// start and --check-config alike, naming the file.
#include <gtest/gtest.h>

#include <fstream>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/test_cert.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// The config with server.tls naming NAME.crt / NAME.key beside it.
std::string tls_config(const redis_server& redis, const std::string& name) {
    return with_server_keys(test_config_yaml(redis.url()),
                            "tls: { cert: " + name + ".crt, key: " + name + ".key }");
}

class Tls : public ::testing::Test {
protected:
    redis_server redis;
    daemon_process daemon{tls_config(redis, "one"), daemon_process_options{true, {}}};
    test_cert one = make_test_cert(daemon.dir(), "one", "alarmd-one", 1001);
    test_cert two = make_test_cert(daemon.dir(), "two", "alarmd-two", 2002);

    void SetUp() override { daemon.start(); }
};

TEST_F(Tls, HttpsAnswersWithTheConfiguredCertificate) {
    server_cert seen;
    const auto health = https_call(daemon.port(), "GET", "/healthz", {}, {}, &seen);
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.body, R"({"status":"ok"})");
    EXPECT_EQ(seen.subject, one.subject);
    EXPECT_EQ(seen.serial, one.serial);
    EXPECT_EQ(https_call(daemon.port(), "GET", "/readyz").status, 200);
    EXPECT_EQ(https_call(daemon.port(), "GET", "/v1/incidents", {}, "tok-g01").status, 200);
    const auto posted =
        https_call(daemon.port(), "POST", "/v1/events",
                   R"({"device":"panel-b3","category":"fire","zone":"003"})", "tok-gw");
    EXPECT_EQ(posted.status, 202) << posted.body;
}

TEST_F(Tls, WssGreetsAndServesRequests) {
    ws_client guard(daemon.port(), "tok-g01", ws_options{}.with_tls());
    EXPECT_EQ(guard.certificate().serial, one.serial);
    auto hello = guard.next_of("hello");
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->as_object().at("you").as_object().at("id").as_string(), "g01");
    const auto posted =
        https_call(daemon.port(), "POST", "/v1/events",
                   R"({"device":"panel-b3","category":"fire","zone":"003"})", "tok-gw");
    ASSERT_EQ(posted.status, 202) << posted.body;
    EXPECT_TRUE(guard.next_of("incident.opened"));
    guard.send(json::object{{"type", "ping"}, {"ref", 7}});
    auto pong = guard.next_of("ok");
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->as_object().at("ref").as_int64(), 7);
}

TEST_F(Tls, PlainHttpToTheTlsPortGetsNoHttpAnswer) {
    const auto answer = plain_exchange(daemon.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(answer.find("HTTP/"), std::string::npos) << answer;
    EXPECT_EQ(ws_upgrade(daemon.port(), "tok-g01", ws_options{}).status, 0);  // no answer
    // Nothing broke: TLS clients are served as before, and the failure was logged.
    EXPECT_EQ(https_call(daemon.port(), "GET", "/healthz").status, 200);
    EXPECT_GE(daemon.log_count("event=tls_handshake_failed "), 1u) << daemon.log();
}

TEST_F(Tls, AReloadPutsTheNewCertificateOnNewConnectionsOnly) {
    ws_client before(daemon.port(), "tok-g01", ws_options{}.with_tls());
    ASSERT_TRUE(before.next_of("hello"));

    ASSERT_TRUE(daemon.reload(tls_config(redis, "two"))) << daemon.log();
    server_cert seen;
    EXPECT_EQ(https_call(daemon.port(), "GET", "/healthz", {}, {}, &seen).status, 200);
    EXPECT_EQ(seen.serial, two.serial);
    EXPECT_EQ(seen.subject, two.subject);
    ws_client after(daemon.port(), "tok-g02", ws_options{}.with_tls());
    EXPECT_EQ(after.certificate().serial, two.serial);
    ASSERT_TRUE(after.next_of("hello"));

    // The connection made before the reload stays, on its own certificate.
    before.send(json::object{{"type", "ping"}, {"ref", 1}});
    EXPECT_TRUE(before.next_of("ok"));
    EXPECT_EQ(before.certificate().serial, one.serial);
}

TEST_F(Tls, AReloadWithABrokenKeyIsRejectedAndTheOldCertificateServes) {
    std::ofstream(two.key, std::ios::trunc) << "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                                               "-----END PRIVATE KEY-----\n";
    EXPECT_FALSE(daemon.reload(tls_config(redis, "two")));
    EXPECT_EQ(daemon.log_count("event=reload_rejected problem=\"" +
                               (daemon.dir() / "alarmd.yaml").string() + ":1: server.tls.key: '" +
                               two.key.string() + "' holds no PEM private key"),
              1u)
        << daemon.log();
    server_cert seen;
    EXPECT_EQ(https_call(daemon.port(), "GET", "/healthz", {}, {}, &seen).status, 200);
    EXPECT_EQ(seen.serial, one.serial);
}

TEST(TlsStart, ABadKeyStopsTheStartAndCheckConfigNamingTheFile) {
    redis_server redis;
    daemon_process daemon(tls_config(redis, "one"), daemon_process_options{true, {}});
    (void)make_test_cert(daemon.dir(), "one", "alarmd-one", 1);
    (void)make_test_cert(daemon.dir(), "other", "alarmd-other", 2);
    std::filesystem::copy_file(daemon.dir() / "other.key", daemon.dir() / "one.key",
                               std::filesystem::copy_options::overwrite_existing);
    const std::string problem =
        "server.tls.key: the key in '" + (daemon.dir() / "one.key").string() +
        "' does not belong to the certificate in '" + (daemon.dir() / "one.crt").string() + "'";
    const auto check = daemon.check_config();
    EXPECT_EQ(check.code, 2);
    EXPECT_NE(check.output.find(problem), std::string::npos) << check.output;
    try {
        daemon.start();
        ADD_FAILURE() << "alarmd started with a key that does not fit its certificate";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find(problem), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace alarmd::test
