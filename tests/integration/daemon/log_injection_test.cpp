// A value from the network that holds a newline cannot forge a log line: the daemon's log keeps
// one record per line whatever a sender writes.
#include <gtest/gtest.h>

#include <sstream>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

TEST(LogInjection, ANewlineInAnUnknownDeviceIdStaysInItsLine) {
    redis_server redis;
    daemon_process daemon(test_config_yaml(redis.url()));
    daemon.start();
    const auto forged = "x\n2026-01-01T00:00:00.000 app info event=forged_line";
    const auto body = boost::json::serialize(
        boost::json::object{{"device", forged}, {"category", "fire"}});
    EXPECT_EQ(http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw").status, 400);
    EXPECT_EQ(daemon.terminate(), 0);
    std::istringstream lines(daemon.log());
    std::size_t rejected = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find("event=forged_line") != std::string::npos) {
            EXPECT_NE(line.find("device=\"x\\n2026-01-01"), std::string::npos)
                << "only inside the escaped value: " << line;
        }
        EXPECT_FALSE(line.starts_with("2026-01-01T00:00:00.000")) << "a forged line: " << line;
        rejected += line.find("event=event_rejected field=device") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(rejected, 1u) << daemon.log();
}

}  // namespace
}  // namespace alarmd::test
