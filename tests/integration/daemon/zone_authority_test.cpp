// Who may silence an alarm. Arming, disarming and bypassing zones is an operator's act (a role in
// correlation.zone_roles; a guard may not), an integration token sends only for its own devices
// and never changes zone state unless its `kinds` say so; every change is pushed to guards,
// listed and in hello; a bypass re-arms itself after correlation.bypass_max; and a fire alarm
// from a bypassed zone still reaches the guards as a suppressed notice.
#include <gtest/gtest.h>

#include <thread>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::string body(const std::string& device, const std::string& zone, const std::string& category,
                 const std::string& kind, const std::string& text = {}) {
    return json::serialize(json::object{{"device", device},
                                        {"zone", zone},
                                        {"category", category},
                                        {"kind", kind},
                                        {"text", text}});
}

std::string error_of(const http_reply& r) {
    return std::string(r.json().as_object().at("error").as_string());
}

class ZoneAuthority : public ::testing::Test {
protected:
    redis_server redis;
    // A bypass lasts 3 s here (8 h by default).
    daemon_harness daemon{test_config_yaml(redis.url(), "correlation: { bypass_max: 3s }\n")};

    http_reply post(const std::string& b, const std::string& token) {
        return http_call(daemon.port(), "POST", "/v1/events", b, token);
    }
};

TEST_F(ZoneAuthority, AGuardOrAnIntegrationMayNotBypassAZoneATeamLeadMay) {
    const auto bypass = body("panel-b3", "003", "fire", "bypass", "detector replaced");
    auto guard = post(bypass, "tok-g01");
    EXPECT_EQ(guard.status, 403) << guard.body;
    EXPECT_NE(error_of(guard).find("role 'guard' may not bypass zones"), std::string::npos);
    auto gateway = post(bypass, "tok-gw");
    EXPECT_EQ(gateway.status, 403) << gateway.body;
    EXPECT_NE(error_of(gateway).find("may not send kind 'bypass'"), std::string::npos);
    auto whole_panel = post(body("panel-b3", "", "fire", "disarm"), "tok-g02");
    EXPECT_EQ(whole_panel.status, 403);
    EXPECT_TRUE(redis_query(redis.port(), {"HGETALL", "t:zones"}).elements.empty())
        << "nothing changed";

    // The fire alarm goes through as an incident.
    auto alarm = post(body("panel-b3", "003", "fire", "alarm"), "tok-gw");
    ASSERT_EQ(alarm.status, 202);
    EXPECT_EQ(alarm.json().at("verdict").as_string(), "opened");

    ASSERT_EQ(post(bypass, "tok-lead1").status, 202);
    const auto stored =
        json::parse(redis_query(redis.port(), {"HGET", "t:zones", "panel-b3/003"}).str);
    EXPECT_EQ(stored.at("mode").as_string(), "bypassed");
    EXPECT_EQ(stored.at("by").as_string(), "lead1");
    EXPECT_EQ(stored.at("reason").as_string(), "detector replaced");
    EXPECT_TRUE(stored.at("expires_at").is_string());
}

TEST_F(ZoneAuthority, AnIntegrationTokenSendsOnlyForItsOwnDevices) {
    auto foreign = post(body("panel-b3", "003", "fire", "alarm"), "tok-door-gw");
    EXPECT_EQ(foreign.status, 403) << foreign.body;
    EXPECT_NE(error_of(foreign).find("device 'panel-b3' is not among the devices of http source "
                                     "'door-gw'"),
              std::string::npos);
    auto own = post(body("door-b3", "", "door", "alarm"), "tok-door-gw");
    EXPECT_EQ(own.status, 202) << own.body;
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 1) << "only its own";
}

TEST_F(ZoneAuthority, ABypassIsPushedListedInHelloSuppressesVisiblyAndExpires) {
    ws_client g(daemon.port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    ASSERT_EQ(post(body("panel-b3", "003", "fire", "bypass", "detector replaced"), "tok-mgr1")
                  .status,
              202);
    // A fire alarm from the bypassed zone: no incident, but the guards are shown it.
    auto alarm = post(body("panel-b3", "003", "fire", "alarm"), "tok-gw");
    ASSERT_EQ(alarm.status, 202);
    EXPECT_EQ(alarm.json().at("verdict").as_string(), "suppressed");
    EXPECT_TRUE(alarm.json().at("incident_id").is_null());

    auto changed = g.next_of("zone.changed");
    ASSERT_TRUE(changed);
    const auto& zone = changed->at("zone").as_object();
    EXPECT_EQ(zone.at("key").as_string(), "panel-b3/003");
    EXPECT_EQ(zone.at("mode").as_string(), "bypassed");
    EXPECT_EQ(zone.at("by").as_string(), "mgr1");
    EXPECT_EQ(zone.at("reason").as_string(), "detector replaced");
    EXPECT_TRUE(zone.at("expires_at").is_string());
    auto notice = g.next_of("event.suppressed");
    ASSERT_TRUE(notice);
    EXPECT_EQ(notice->at("reason").as_string(), "zone_bypassed");
    EXPECT_EQ(notice->at("zone").as_string(), "panel-b3/003");
    EXPECT_EQ(notice->at("event").at("category").as_string(), "fire");

    auto listed = http_call(daemon.port(), "GET", "/v1/zones?mode=bypassed", {}, "tok-g02");
    ASSERT_EQ(listed.status, 200) << listed.body;
    ASSERT_EQ(listed.json().at("zones").as_array().size(), 1u);
    EXPECT_EQ(listed.json().at("zones").at(0).at("by").as_string(), "mgr1");
    {
        ws_client late(daemon.port(), "tok-g02");
        auto hello = late.next_of("hello");
        ASSERT_TRUE(hello);
        ASSERT_EQ(hello->at("zones").as_array().size(), 1u);
        EXPECT_EQ(hello->at("zones").at(0).at("key").as_string(), "panel-b3/003");
    }

    // bypass_max later the zone re-arms itself, with a notice, and alarms count again.
    auto rearmed = g.next_of("zone.changed", 30s);
    ASSERT_TRUE(rearmed);
    EXPECT_EQ(rearmed->at("zone").at("mode").as_string(), "armed");
    EXPECT_EQ(rearmed->at("zone").at("by").as_string(), "alarmd");
    EXPECT_EQ(rearmed->at("zone").at("reason").as_string(), "bypass_expired");
    // Pushed first, then written (as every change): wait, bounded, for the write.
    auto stored_mode = [this] {
        return std::string(
            json::parse(redis_query(redis.port(), {"HGET", "t:zones", "panel-b3/003"}).str)
                .at("mode")
                .as_string());
    };
    for (int i = 0; i < 500 && stored_mode() != "armed"; ++i) {
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(stored_mode(), "armed");
    auto again = post(body("panel-b3", "003", "fire", "alarm"), "tok-gw");
    EXPECT_EQ(again.json().at("verdict").as_string(), "opened");
    EXPECT_EQ(http_call(daemon.port(), "GET", "/v1/zones?mode=bypassed", {}, "tok-g02")
                  .json()
                  .at("zones")
                  .as_array()
                  .size(),
              0u);
}

// What lets anyone on the network raise or silence alarms is said at start: each keyless DC-09
// account open to any address (when the DC-09 receiver listens), each http source not limited
// to its devices.
TEST(Exposure, KeylessOpenPanelsAndUnscopedSourcesAreWarnedAtStart) {
    redis_server redis;
    auto yaml = test_config_yaml(redis.url());
    const std::string ingest = "ingest:\n";
    yaml.replace(yaml.find(ingest), ingest.size(),
                 ingest + "  sia: { tcp: \"127.0.0.1:0\" }\n");
    daemon_process daemon(yaml);
    daemon.start();
    EXPECT_EQ(daemon.log_count("event=sia_account_open device=panel-b3 account=1234"), 1u)
        << daemon.log();
    EXPECT_EQ(daemon.log_count("event=sia_account_open device=perimeter-b2"), 1u);
    EXPECT_EQ(daemon.log_count("event=sia_account_open"), 2u) << "not the gb26875 or http devices";
    EXPECT_EQ(daemon.log_count("event=http_source_unscoped source=gw "), 1u);
    EXPECT_EQ(daemon.log_count("event=http_source_unscoped source=door-gw"), 0u);
    EXPECT_EQ(daemon.terminate(), 0);
}

}  // namespace
}  // namespace alarmd::test
