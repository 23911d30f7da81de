// site.timezone: the daemon (its own process, so the zone is its own) writes the estate's local
// time into the special-event report whatever zone the machine is in; the API stays UTC.
#include <gtest/gtest.h>

#include <ctime>
#include <string>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

// "2026-12-01T14:58:20.123Z" + hours, as "2026-12-01 22:58:20".
std::string shifted(const std::string& utc, int hours) {
    std::tm tm{};
    tm.tm_year = std::stoi(utc.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(utc.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(utc.substr(8, 2));
    tm.tm_hour = std::stoi(utc.substr(11, 2));
    tm.tm_min = std::stoi(utc.substr(14, 2));
    tm.tm_sec = std::stoi(utc.substr(17, 2));
    const std::time_t t = ::timegm(&tm) + hours * 3600;
    std::tm out{};
    ::gmtime_r(&t, &out);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &out);
    return buf;
}

TEST(SiteTimezone, TheReportIsInTheEstatesLocalTime) {
    redis_server redis;
    auto yaml = test_config_yaml(redis.url());
    const std::string site = "site:\n";
    yaml.insert(yaml.find(site) + site.size(), "  timezone: Asia/Shanghai\n");
    daemon_process d(yaml);
    d.start({"TZ=UTC"});  // the machine's own zone differs from the estate's
    EXPECT_EQ(d.log_count("event=timezone zone=Asia/Shanghai"), 1u) << d.log();

    auto posted = http_call(d.port(), "POST", "/v1/events",
                            R"({"device":"panel-b3","zone":"003","category":"fire"})", "tok-gw");
    ASSERT_EQ(posted.status, 202) << posted.body;
    const std::string id(posted.json().at("incident_id").as_string());
    auto inc = http_call(d.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
    const std::string opened_utc(inc.json().at("incident").at("opened_at").as_string());
    ASSERT_TRUE(opened_utc.ends_with("Z")) << "the API keeps UTC: " << opened_utc;

    auto text =
        http_call(d.port(), "GET", "/v1/incidents/" + id + "/report?format=text", {}, "tok-lead1");
    ASSERT_EQ(text.status, 200);
    // China has no daylight saving: UTC+8 all year.
    EXPECT_NE(text.body.find(shifted(opened_utc, 8)), std::string::npos) << opened_utc << "\n"
                                                                         << text.body;
    EXPECT_EQ(text.body.find(shifted(opened_utc, 0)), std::string::npos)
        << "a UTC time in the report\n"
        << text.body;
}

}  // namespace
}  // namespace alarmd::test
