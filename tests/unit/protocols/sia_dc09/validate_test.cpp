// validate(): the -40 s / +20 s timestamp window at its edges, and the token checks.
#include "protocols/sia_dc09/validate.hpp"

#include <gtest/gtest.h>

#include "protocols/sia_dc09/error.hpp"
#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace alarmd::protocols::sia_dc09::test {
namespace {

using namespace std::chrono_literals;
using clock_point = std::chrono::system_clock::time_point;

frame event_at(std::optional<std::chrono::sys_seconds> ts, std::string id = "SIA-DCS") {
    frame f;
    f.header.id = std::move(id);
    f.header.line = "0";
    f.header.account = "1234";
    f.body.timestamp = ts;
    return f;
}

const std::chrono::sys_seconds t0 = utc(2021, 4, 11, 22, 40, 48);

error_code check(const frame& f, clock_point now, const timestamp_window& w = {}) {
    const auto r = validate(f, now, w);
    return r ? error_code{} : r.error();
}

TEST(SiaDc09Validate, AcceptsTheWindowEdges) {
    EXPECT_EQ(check(event_at(t0), clock_point{t0 + 40s}), error_code{});
    EXPECT_EQ(check(event_at(t0), clock_point{t0 - 20s}), error_code{});
    EXPECT_EQ(check(event_at(t0), clock_point{t0}), error_code{});
}

TEST(SiaDc09Validate, StaleTimestamp) {
    EXPECT_EQ(check(event_at(t0), clock_point{t0 + 41s}), errc::stale_timestamp);
    EXPECT_EQ(check(event_at(t0), clock_point{t0 + 40s + 1ms}), errc::stale_timestamp);
}

TEST(SiaDc09Validate, FutureTimestamp) {
    EXPECT_EQ(check(event_at(t0), clock_point{t0 - 21s}), errc::future_timestamp);
    EXPECT_EQ(check(event_at(t0), clock_point{t0 - 20s - 1ms}), errc::future_timestamp);
}

TEST(SiaDc09Validate, WindowIsConfigurable) {
    const timestamp_window tight{.before = 5s, .after = 0s};
    EXPECT_EQ(check(event_at(t0), clock_point{t0 + 5s}, tight), error_code{});
    EXPECT_EQ(check(event_at(t0), clock_point{t0 + 6s}, tight), errc::stale_timestamp);
    EXPECT_EQ(check(event_at(t0), clock_point{t0 - 1s}, tight), errc::future_timestamp);
}

TEST(SiaDc09Validate, PlainWithoutTimestampIsNotWindowChecked) {
    EXPECT_EQ(check(event_at(std::nullopt), clock_point{}), error_code{});
}

TEST(SiaDc09Validate, MissingTimestampWhenEncrypted) {
    frame f = event_at(std::nullopt);
    f.header.encrypted = true;
    EXPECT_EQ(check(f, clock_point{t0}), errc::missing_timestamp);
}

TEST(SiaDc09Validate, UnsupportedToken) {
    EXPECT_EQ(check(event_at(t0, "SIA-DCX"), clock_point{t0}), errc::unsupported_token);
    EXPECT_EQ(check(event_at(t0, "ADM-CID"), clock_point{t0}), error_code{});
    EXPECT_EQ(check(event_at(t0, "NULL"), clock_point{t0}), error_code{});
}

TEST(SiaDc09Validate, ResponsesAreNotRequests) {
    for (const char* id : {"ACK", "NAK", "DUH", "RSP"}) {
        EXPECT_EQ(check(event_at(t0, id), clock_point{t0}), errc::not_a_request) << id;
    }
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09::test
