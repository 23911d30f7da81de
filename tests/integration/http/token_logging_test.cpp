// A token never reaches the log: not from /ws?token= (accepted, refused for the token, refused
// for the origin, on a wrong path), not from a bearer header, not at debug level.
#include <gtest/gtest.h>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

TEST(TokenLogging, NoTokenTextInTheLog) {
    redis_server redis;
    daemon_process daemon(test_config_yaml(redis.url()), daemon_process_options{false, "debug"});
    daemon.start();
    const int port = daemon.port();
    {
        ws_client guard(port, "tok-g01", ws_options{}.with_token_in_query());
        ASSERT_TRUE(guard.next_of("hello"));
    }
    EXPECT_EQ(
        ws_upgrade(port, "tok-secret-not-a-person", ws_options{}.with_token_in_query()).status,
        401);
    EXPECT_EQ(ws_upgrade(port, "tok-g02",
                         ws_options{}.with_token_in_query().with_origin("http://evil.example"))
                  .status,
              403);
    EXPECT_EQ(ws_upgrade(port, "tok-g03", ws_options{}).status, 101);  // Authorization: Bearer
    EXPECT_EQ(http_call(port, "GET", "/nowhere?token=tok-lead1").status, 404);
    EXPECT_EQ(http_call(port, "GET", "/v1/incidents?token=tok-mgr1").status, 401);
    EXPECT_EQ(http_call(port, "GET", "/v1/incidents", {}, "tok-adm1").status, 200);
    EXPECT_EQ(daemon.terminate(), 0);

    const auto log = daemon.log();
    EXPECT_NE(log.find("event=ws_connected"), std::string::npos) << log;  // it did log
    EXPECT_NE(log.find("event=ws_refused reason=origin"), std::string::npos) << log;
    for (const char* secret : {"tok-g01", "tok-secret-not-a-person", "tok-g02", "tok-g03",
                               "tok-lead1", "tok-mgr1", "tok-adm1", "token="}) {
        EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in:\n" << log;
    }
}

}  // namespace
}  // namespace alarmd::test
