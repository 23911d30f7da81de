// A reload that edits keys only a restart applies: the daemon says which ones
// (event=reload_partial restart_needed="…") and keeps serving with their running values.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        text.replace(at, from.size(), to);
    }
    return text;
}

TEST(ReloadPartial, NamesTheKeysThatWaitForARestartAndKeepsTheirRunningValues) {
    redis_server redis;
    const auto yaml = test_config_yaml(redis.url());
    daemon_process daemon(yaml);
    daemon.start();

    auto edited = replaced(yaml, "max_body_bytes: 4096", "max_body_bytes: 1024");
    edited = replaced(edited, "key_prefix: \"t:\"", "key_prefix: \"u:\"");
    ASSERT_TRUE(daemon.reload(edited)) << daemon.log();
    EXPECT_EQ(daemon.log_count("event=reload_partial restart_needed=\"server.max_body_bytes,"
                               "redis.key_prefix\""),
              1U)
        << daemon.log();

    // Still the 4,096-byte limit it started with: a 3,000-byte body is taken.
    const std::string body = R"({"device":"panel-b3","zone":"003","category":"fire"})" +
                             std::string(3000 - 52, ' ');
    EXPECT_EQ(http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw").status, 202);

    // Back to what runs: nothing waits for a restart, and nothing is said.
    ASSERT_TRUE(daemon.reload(yaml));
    EXPECT_EQ(daemon.log_count("event=reload_partial"), 1U) << daemon.log();
    EXPECT_EQ(daemon.terminate(), 0);
}

}  // namespace
}  // namespace alarmd::test
