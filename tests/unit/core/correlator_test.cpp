#include "daemon/core/correlator.hpp"

#include <gtest/gtest.h>

namespace alarmd::core {
namespace {

using namespace std::chrono_literals;

const time_point t0 = time_point{} + 1000h;

event alarm(std::string device, std::string zone, std::string code, std::string building,
            category what = category::fire) {
    event ev;
    ev.id = "evt-" + device + "-" + zone;
    ev.device = std::move(device);
    ev.zone = std::move(zone);
    ev.code = std::move(code);
    ev.where.building = std::move(building);
    ev.where.label = "label " + ev.zone;
    ev.what = what;
    ev.severity = default_severity(what);
    return ev;
}

event with_kind(event ev, event_kind k) {
    ev.kind = k;
    return ev;
}

class CorrelatorTest : public ::testing::Test {
protected:
    correlator c{{60s, 120s}};
};

TEST_F(CorrelatorTest, FirstAlarmOpensAnIncident) {
    auto r = c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    ASSERT_EQ(r.what, verdict::opened);
    ASSERT_NE(r.inc, nullptr);
    EXPECT_EQ(r.inc->id, "inc-1");
    EXPECT_EQ(r.inc->building, "B3");
    EXPECT_EQ(r.inc->event_count, 1);
    EXPECT_EQ(r.inc->title, "label 003");
    EXPECT_EQ(c.open_count(), 1u);
}

TEST_F(CorrelatorTest, DuplicateWithinWindowFoldsAndCounts) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    auto r = c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 30s, "inc-2");
    ASSERT_EQ(r.what, verdict::duplicate);
    EXPECT_EQ(r.inc->id, "inc-1");
    EXPECT_EQ(r.inc->event_count, 2);
    EXPECT_EQ(r.inc->zones.size(), 1u);
    EXPECT_EQ(c.open_count(), 1u);
}

TEST_F(CorrelatorTest, DedupeWindowSlidesOnTheLastOccurrence) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 50s, "inc-2");
    auto r = c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 100s, "inc-3");
    EXPECT_EQ(r.what, verdict::duplicate);
    EXPECT_EQ(r.inc->event_count, 3);
}

TEST_F(CorrelatorTest, SameBuildingAndFamilyGroupsIntoOneIncident) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    auto r2 = c.on_event(alarm("panel", "004", "E115", "B3"), t0 + 5s, "inc-2");
    auto r3 = c.on_event(alarm("uitd", "1/2", "fire", "B3"), t0 + 10s, "inc-3");
    EXPECT_EQ(r2.what, verdict::grouped);
    EXPECT_EQ(r3.what, verdict::grouped);
    EXPECT_EQ(r3.inc->id, "inc-1");
    EXPECT_EQ(r3.inc->zones.size(), 3u);
    EXPECT_EQ(c.open_count(), 1u);
}

TEST_F(CorrelatorTest, StormOfTwoHundredDetectorsIsOneIncident) {
    for (int i = 0; i < 200; ++i) {
        (void)c.on_event(alarm("panel", std::to_string(i), "E110", "B3"), t0 + i * 100ms,
                         "inc-" + std::to_string(i));
    }
    EXPECT_EQ(c.open_count(), 1u);
    EXPECT_EQ(c.open_incidents().front()->event_count, 200);
}

TEST_F(CorrelatorTest, OtherBuildingOrFamilyOrExpiredWindowOpensNew) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    EXPECT_EQ(c.on_event(alarm("panel", "010", "E110", "B1"), t0 + 1s, "inc-2").what,
              verdict::opened);
    EXPECT_EQ(c.on_event(alarm("per", "1", "E130", "B3", category::perimeter), t0 + 2s, "inc-3")
                  .what,
              verdict::opened);
    EXPECT_EQ(c.on_event(alarm("panel", "005", "E110", "B3"), t0 + 200s, "inc-4").what,
              verdict::opened);
    EXPECT_EQ(c.open_count(), 4u);
}

TEST_F(CorrelatorTest, PerimeterAndIntrusionShareAFamily) {
    (void)c.on_event(alarm("per", "1", "E130", "B2", category::perimeter), t0, "inc-1");
    auto r = c.on_event(alarm("pir", "7", "E131", "B2", category::intrusion), t0 + 1s, "inc-2");
    EXPECT_EQ(r.what, verdict::grouped);
}

TEST_F(CorrelatorTest, CallFromABuildingWithAnOpenIncidentAttaches) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    auto call = alarm("door-b3", "", "emergency", "B3", category::intercom_emergency);
    call.from = source::intercom;
    auto r = c.on_event(call, t0 + 3min, "inc-2");
    ASSERT_EQ(r.what, verdict::attached);
    EXPECT_EQ(r.inc->id, "inc-1");
    EXPECT_EQ(r.inc->sources.size(), 2u);
    EXPECT_EQ(c.open_count(), 1u);
}

TEST_F(CorrelatorTest, CallWithNoOpenIncidentOpensItsOwn) {
    auto r = c.on_event(alarm("door-b1", "", "emergency", "B1", category::intercom_emergency),
                        t0, "inc-1");
    EXPECT_EQ(r.what, verdict::opened);
}

TEST_F(CorrelatorTest, RestoreMarksTheZoneAndKeepsTheIncidentOpen) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    auto r = c.on_event(with_kind(alarm("panel", "003", "R110", "B3"), event_kind::restore),
                        t0 + 10s, "inc-2");
    ASSERT_EQ(r.what, verdict::restored);
    EXPECT_TRUE(r.inc->zones.front().restored);
    EXPECT_TRUE(r.inc->is_open());
    auto again = c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 20s, "inc-3");
    EXPECT_EQ(again.what, verdict::duplicate);
    EXPECT_FALSE(again.inc->zones.front().restored);
}

TEST_F(CorrelatorTest, RestoreWithoutAnIncidentIsOnlyRecorded) {
    auto r = c.on_event(with_kind(alarm("panel", "003", "R110", "B3"), event_kind::restore), t0,
                        "inc-1");
    EXPECT_EQ(r.what, verdict::recorded);
    EXPECT_EQ(r.inc, nullptr);
}

TEST_F(CorrelatorTest, BypassedZoneIsSuppressedForEveryCategory) {
    auto r = c.on_event(with_kind(alarm("panel", "003", "", "B3"), event_kind::bypass), t0, "x");
    EXPECT_EQ(r.what, verdict::zone_changed);
    EXPECT_EQ(r.reason, "panel/003");
    auto s = c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 1s, "inc-1");
    EXPECT_EQ(s.what, verdict::suppressed);
    EXPECT_EQ(s.reason, "zone_bypassed");
    EXPECT_EQ(c.open_count(), 0u);
    // Another zone of the same device still alarms.
    EXPECT_EQ(c.on_event(alarm("panel", "004", "E110", "B3"), t0 + 2s, "inc-2").what,
              verdict::opened);
}

TEST_F(CorrelatorTest, DisarmedDeviceSuppressesIntrusionButNotFire) {
    (void)c.on_event(with_kind(alarm("panel", "", "", "B2"), event_kind::disarm), t0, "x");
    EXPECT_EQ(
        c.on_event(alarm("panel", "7", "E130", "B2", category::perimeter), t0 + 1s, "i1").what,
        verdict::suppressed);
    EXPECT_EQ(c.on_event(alarm("panel", "8", "E110", "B2"), t0 + 2s, "i2").what, verdict::opened);
    (void)c.on_event(with_kind(alarm("panel", "", "", "B2"), event_kind::arm), t0 + 3s, "x");
    EXPECT_EQ(
        c.on_event(alarm("panel", "7", "E130", "B2", category::perimeter), t0 + 4s, "i3").what,
        verdict::opened);
}

TEST_F(CorrelatorTest, ZoneArmClearsItsBypass) {
    (void)c.on_event(with_kind(alarm("panel", "003", "", "B3"), event_kind::bypass), t0, "x");
    (void)c.on_event(with_kind(alarm("panel", "003", "", "B3"), event_kind::arm), t0 + 1s, "x");
    EXPECT_EQ(c.zones().mode_of("panel", "003"), zone_mode::armed);
    EXPECT_EQ(c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 2s, "i").what, verdict::opened);
}

TEST_F(CorrelatorTest, StatusAndTestAreRecordedOnly) {
    EXPECT_EQ(c.on_event(with_kind(alarm("p", "1", "E602", "B1"), event_kind::test), t0, "i").what,
              verdict::recorded);
    EXPECT_EQ(c.on_event(with_kind(alarm("p", "1", "x", "B1"), event_kind::status), t0, "i").what,
              verdict::recorded);
    EXPECT_EQ(c.on_event(alarm("p", "1", "E601", "B1", category::test), t0, "i").what,
              verdict::recorded);
    EXPECT_EQ(c.open_count(), 0u);
}

TEST_F(CorrelatorTest, ReleasedIncidentNoLongerAttractsEvents) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    auto gone = c.release("inc-1");
    ASSERT_NE(gone, nullptr);
    EXPECT_EQ(gone->id, "inc-1");
    EXPECT_EQ(c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 1s, "inc-2").what,
              verdict::opened);
}

TEST_F(CorrelatorTest, AdoptedIncidentKeepsCorrelating) {
    incident inc;
    inc.id = "inc-old";
    inc.what = category::fire;
    inc.family = "fire";
    inc.building = "B3";
    inc.last_event_at = t0;
    inc.updated_at = t0;
    inc.zones.push_back({"panel", "003", "E110", "x", std::nullopt, false, 1, t0});
    c.adopt(inc);
    EXPECT_EQ(c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 1s, "n").inc->id, "inc-old");
    EXPECT_EQ(c.on_event(alarm("panel", "009", "E111", "B3"), t0 + 2s, "n").what, verdict::grouped);
}

}  // namespace
}  // namespace alarmd::core
