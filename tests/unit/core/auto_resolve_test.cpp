// Incidents that resolve themselves by policy: only when every zone is restored, within the
// policy's window of the opening, and never for a zone that has no restore (a forced door).
#include "daemon/core/auto_resolve.hpp"

#include <gtest/gtest.h>

#include "daemon/core/correlator.hpp"

namespace alarmd::core {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 1000h;

event door_event(std::string zone, std::string code, event_kind kind) {
    event ev;
    ev.id = "evt-" + zone + "-" + code;
    ev.from = source::intercom;
    ev.device = "door-b3";
    ev.zone = std::move(zone);
    ev.code = std::move(code);
    ev.kind = kind;
    ev.what = category::door;
    ev.severity = default_severity(ev.what);
    ev.where.building = "B3";
    ev.where.unit = "301";
    return ev;
}

config::policy door_policy(std::optional<bool> on_restore = true,
                           std::optional<config::duration> within = std::nullopt) {
    config::policy p;
    p.name = "door";
    p.auto_resolve_on_restore = on_restore;
    p.auto_resolve_within = within;
    return p;
}

class AutoResolve : public ::testing::Test {
protected:
    correlator c{{60s, 120s}};

    incident& held_open(time_point at = t0) {
        auto r = c.on_event(door_event("door", "door_held_open", event_kind::alarm), at, "inc-1");
        EXPECT_EQ(r.what, verdict::opened);
        return *r.inc;
    }
    incident& closed(time_point at, std::string zone = "door") {
        auto r = c.on_event(door_event(std::move(zone), "door_closed", event_kind::restore), at,
                            "inc-x");
        EXPECT_EQ(r.what, verdict::restored);
        return *r.inc;
    }
};

TEST_F(AutoResolve, HeldOpenThenClosedWithinTheWindowResolves) {
    held_open();
    auto& inc = closed(t0 + 42s);
    ASSERT_TRUE(inc.all_restored());
    const auto req = auto_resolution(inc, door_policy(), t0 + 42s);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->action, lifecycle_action::resolve);
    EXPECT_EQ(req->by, "system");
    EXPECT_EQ(req->result, outcome::real);
    EXPECT_EQ(req->note, "door closed after 42 s; resolved automatically by policy door");
}

TEST_F(AutoResolve, DefaultWindowIsFiveMinutes) {
    held_open();
    auto& inc = closed(t0 + 5min);
    EXPECT_TRUE(auto_resolution(inc, door_policy(), t0 + 5min));
    EXPECT_FALSE(auto_resolution(inc, door_policy(), t0 + 5min + 1ms));
}

TEST_F(AutoResolve, ClosedAfterTheWindowStaysOpen) {
    held_open();
    auto& inc = closed(t0 + 2s);
    EXPECT_FALSE(auto_resolution(inc, door_policy(true, 1s), t0 + 2s));
    EXPECT_TRUE(auto_resolution(inc, door_policy(true, 3s), t0 + 2s));
}

TEST_F(AutoResolve, OnlyWhenThePolicySaysSo) {
    held_open();
    auto& inc = closed(t0 + 1s);
    EXPECT_FALSE(auto_resolution(inc, door_policy(std::nullopt), t0 + 1s));
    EXPECT_FALSE(auto_resolution(inc, door_policy(false), t0 + 1s));
}

TEST_F(AutoResolve, AForcedDoorKeepsTheIncidentOpen) {
    held_open();
    (void)c.on_event(door_event("door.forced", "door_forced", event_kind::alarm), t0 + 1s, "x");
    auto& inc = closed(t0 + 2s);
    EXPECT_FALSE(inc.all_restored());
    EXPECT_FALSE(auto_resolution(inc, door_policy(), t0 + 2s));
}

TEST_F(AutoResolve, EveryZoneMustBeRestoredAndAnAlarmAgainCountsAgain) {
    held_open();
    (void)c.on_event(door_event("back", "door_held_open", event_kind::alarm), t0 + 1s, "x");
    auto& one = closed(t0 + 2s);
    EXPECT_FALSE(auto_resolution(one, door_policy(), t0 + 2s));  // "back" is still open
    auto& both = closed(t0 + 3s, "back");
    EXPECT_TRUE(both.all_restored());
    // The same door held open again: alarming again, then closed again.
    (void)c.on_event(door_event("door", "door_held_open", event_kind::alarm), t0 + 4s, "x");
    EXPECT_FALSE(both.all_restored());
    auto& again = closed(t0 + 5s);
    EXPECT_TRUE(again.all_restored());
    const auto req = auto_resolution(again, door_policy(), t0 + 5s);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->note, "doors closed after 5 s; resolved automatically by policy door");
}

TEST_F(AutoResolve, AResolvedIncidentIsNotResolvedTwice) {
    held_open();
    auto& inc = closed(t0 + 1s);
    inc.state = incident_state::resolved;
    EXPECT_FALSE(auto_resolution(inc, door_policy(), t0 + 1s));
}

TEST(IncidentZones, RestoredCountSurvivesReadingBack) {
    incident inc;
    incident_zone a{"d", "1", "c", "", std::nullopt, true, 1, 1, t0};
    incident_zone b{"d", "2", "c", "", std::nullopt, false, 1, 0, t0};
    inc.zones = {a, b};
    inc.reindex();
    EXPECT_FALSE(inc.all_restored());
    inc.set_restored(*inc.find_zone("d", "2"), true);
    EXPECT_TRUE(inc.all_restored());
    inc.set_restored(*inc.find_zone("d", "2"), true);  // twice: still counted once
    inc.set_restored(*inc.find_zone("d", "1"), false);
    EXPECT_FALSE(inc.all_restored());
}

TEST(IncidentZones, ZonesPastTheCeilingCannotBeToldRestored) {
    incident inc;
    (void)inc.add_zone(incident_zone{"d", "1", "c", "", std::nullopt, true, 1, 1, t0});
    EXPECT_TRUE(inc.all_restored());
    inc.zones_beyond = 1;
    EXPECT_FALSE(inc.all_restored());
    EXPECT_FALSE(incident{}.all_restored());  // no zones: nothing was restored
}

}  // namespace
}  // namespace alarmd::core
