// The residents CSV edited by hand: its bad rows never stop the daemon. They are logged with
// their file and line at start and at every reload, and --check-config prints them and passes.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

void write_csv(const daemon_process& daemon, const std::string& text) {
    const auto path = daemon.dir() / "residents.csv";
    const auto temp = daemon.dir() / "residents.csv.new";
    std::ofstream(temp, std::ios::binary) << text;
    std::filesystem::rename(temp, path);  // whole, as the reload reads it
}

TEST(ResidentsWarnings, BadRowsAreLoggedAtStartAndReloadAndTheDaemonRuns) {
    redis_server redis;
    const auto yaml = test_config_yaml(redis.url(), "residents: { csv: residents.csv }\n");
    daemon_process daemon(yaml);
    write_csv(daemon,
              "building,unit,name,phone\n"
              "B1,301,孙丽,+86 139 0000 0301\n"
              "B9,101,x,+8613900000101\n"
              "B1,303,x,call me\n");

    const auto check = daemon.check_config();
    EXPECT_EQ(check.code, 0) << check.output;
    EXPECT_NE(check.output.find("residents.csv:3: warning: unknown building 'B9'"),
              std::string::npos)
        << check.output;
    EXPECT_NE(check.output.find("residents.csv:4: warning: bad phone number 'call me'"),
              std::string::npos)
        << check.output;
    EXPECT_NE(check.output.find("1 residents, 2 warnings"), std::string::npos) << check.output;

    daemon.start();
    EXPECT_EQ(daemon.log_count("event=config_warning"), 2u) << daemon.log();
    EXPECT_EQ(daemon.log_count("residents.csv:3: unknown building 'B9'; the row is skipped"), 1u)
        << daemon.log();

    // A new bad row: said again at the reload, which goes through.
    write_csv(daemon,
              "building,unit,name,phone\n"
              "B1,,x,+8613900000304\n"
              "B1,301,孙丽,+86 139 0000 0301\n");
    EXPECT_TRUE(daemon.reload(yaml));
    EXPECT_EQ(daemon.log_count("event=config_warning"), 3u) << daemon.log();
    EXPECT_EQ(daemon.log_count("residents.csv:2: building, unit and phone are required"), 1u)
        << daemon.log();
    EXPECT_EQ(daemon.terminate(), 0);
}

}  // namespace
}  // namespace alarmd::test
