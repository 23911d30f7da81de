// WebSocket origins: a browser page from another origin is refused with 403 (its body names the
// problem); the server's own origin, a listed origin, and clients that send no Origin connect.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/test_cert.hpp"

namespace alarmd::test {
namespace {

std::string own_origin(const char* scheme, int port) {
    return std::string(scheme) + "://127.0.0.1:" + std::to_string(port);
}

bool greeted(int port, const ws_options& o) {
    ws_client c(port, "tok-g01", o);
    return c.next_of("hello").has_value();
}

TEST(WsOrigin, ByDefaultOnlyTheServersOwnOriginAndNonBrowsers) {
    redis_server redis;
    daemon_harness daemon(test_config_yaml(redis.url()));
    const int port = daemon.port();

    const auto foreign =
        ws_upgrade(port, "tok-g01", ws_options{}.with_origin("http://evil.example"));
    EXPECT_EQ(foreign.status, 403);
    EXPECT_NE(foreign.body.find("origin 'http://evil.example' may not open the WebSocket"),
              std::string::npos)
        << foreign.body;
    // The refusal comes before the token is looked at: no token needed to be told.
    EXPECT_EQ(ws_upgrade(port, "", ws_options{}.with_origin("http://evil.example")).status, 403);
    EXPECT_EQ(ws_upgrade(port, "tok-g01",
                         ws_options{}.with_origin("https://127.0.0.1:" + std::to_string(port)))
                  .status,
              403);  // the listener is plain http
    EXPECT_EQ(ws_upgrade(port, "tok-g01", ws_options{}.with_origin("null")).status, 403);

    EXPECT_TRUE(greeted(port, ws_options{}.with_origin(own_origin("http", port))));
    EXPECT_TRUE(greeted(port, ws_options{}));
    EXPECT_TRUE(greeted(port, ws_options{}.with_token_in_query()));
}

TEST(WsOrigin, AListAllowsItsOriginsOnly) {
    redis_server redis;
    daemon_harness daemon(with_server_keys(
        test_config_yaml(redis.url()),
        R"(allowed_origins: ["https://console.example", "http://console.example:8080"])"));
    const int port = daemon.port();
    EXPECT_TRUE(greeted(port, ws_options{}.with_origin("https://console.example")));
    EXPECT_TRUE(greeted(port, ws_options{}.with_origin("http://console.example:8080")));
    EXPECT_TRUE(greeted(port, ws_options{}));
    EXPECT_EQ(
        ws_upgrade(port, "tok-g01", ws_options{}.with_origin(own_origin("http", port))).status,
        403);
    EXPECT_EQ(
        ws_upgrade(port, "tok-g01", ws_options{}.with_origin("http://console.example")).status,
        403);
}

TEST(WsOrigin, OverTlsTheOwnOriginIsHttps) {
    redis_server redis;
    daemon_process daemon(
        with_server_keys(test_config_yaml(redis.url()), "tls: { cert: s.crt, key: s.key }"),
        daemon_process_options{true, {}});
    (void)make_test_cert(daemon.dir(), "s", "alarmd", 1);
    daemon.start();
    const int port = daemon.port();
    EXPECT_TRUE(greeted(port, ws_options{}.with_tls().with_origin(own_origin("https", port))));
    EXPECT_EQ(
        ws_upgrade(port, "tok-g01", ws_options{}.with_tls().with_origin(own_origin("http", port)))
            .status,
        403);
    EXPECT_EQ(daemon.log_count("event=ws_refused reason=origin origin=\"" +
                               own_origin("http", port) + "\""),
              1u)
        << daemon.log();
}

}  // namespace
}  // namespace alarmd::test
