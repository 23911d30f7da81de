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
    ASSERT_NE(c.find("inc-0"), nullptr);
    EXPECT_EQ(c.find("inc-0")->event_count, 200);
    EXPECT_EQ(c.find("inc-0")->zone_count(), 200u);
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

TEST_F(CorrelatorTest, ABypassRecordsWhoAndWhyAndReArmsItselfAfterBypassMax) {
    correlator short_bypass{{60s, 120s, 10min}};
    auto ev = with_kind(alarm("panel", "003", "", "B3"), event_kind::bypass);
    ev.actor = "mgr1";
    ev.text = "detector replaced";
    ASSERT_EQ(short_bypass.on_event(ev, t0, "x").what, verdict::zone_changed);
    const auto* rec = short_bypass.zones().find("panel/003");
    ASSERT_NE(rec, nullptr);
    EXPECT_EQ(rec->by, "mgr1");
    EXPECT_EQ(rec->reason, "detector replaced");
    EXPECT_EQ(rec->event_id, ev.id);
    ASSERT_TRUE(rec->expires_at);
    EXPECT_EQ(*rec->expires_at, t0 + 10min);

    EXPECT_TRUE(short_bypass.zones().expire(t0 + 10min - 1ms).empty());
    EXPECT_EQ(short_bypass.zones().expire(t0 + 10min), (std::vector<std::string>{"panel/003"}));
    EXPECT_EQ(short_bypass.zones().mode_of("panel", "003"), zone_mode::armed);
    EXPECT_EQ(short_bypass.zones().find("panel/003")->by, "alarmd");
    EXPECT_TRUE(short_bypass.zones().expire(t0 + 1h).empty()) << "once";

    // A panel's own bypass is the panel's; an arm before the end cancels the expiry.
    auto own = with_kind(alarm("panel", "004", "", "B3"), event_kind::bypass);
    (void)short_bypass.on_event(own, t0, "x");
    EXPECT_EQ(short_bypass.zones().find("panel/004")->by, "panel");
    (void)short_bypass.on_event(with_kind(alarm("panel", "004", "", "B3"), event_kind::arm),
                                t0 + 1min, "x");
    EXPECT_TRUE(short_bypass.zones().expire(t0 + 1h).empty());
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
    inc.zones.push_back({"panel", "003", "E110", "x", std::nullopt, false, 1, 0, t0});
    c.adopt(inc);
    EXPECT_EQ(c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 1s, "n").inc->id, "inc-old");
    EXPECT_EQ(c.on_event(alarm("panel", "009", "E111", "B3"), t0 + 2s, "n").what, verdict::grouped);
}

TEST_F(CorrelatorTest, EachFoldSaysWhatChangedAndBumpsTheVersion) {
    auto opened = c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    EXPECT_EQ(opened.inc->version, 1u);
    EXPECT_TRUE(opened.new_zone);
    auto second = c.on_event(alarm("panel", "004", "E110", "B3"), t0 + 1s, "n");
    ASSERT_EQ(second.what, verdict::grouped);
    EXPECT_EQ(second.inc->version, 2u);
    EXPECT_TRUE(second.new_zone);
    ASSERT_NE(second.zone, nullptr);
    EXPECT_EQ(second.zone->zone, "004");
    EXPECT_FALSE(second.sources_changed) << "still only http";
    auto again = c.on_event(alarm("panel", "004", "E110", "B3"), t0 + 2s, "n");
    ASSERT_EQ(again.what, verdict::duplicate);
    EXPECT_FALSE(again.new_zone);
    EXPECT_EQ(again.zone->count, 2);
    auto call = alarm("door", "", "call", "B3", category::intercom_emergency);
    call.from = source::intercom;
    auto attached = c.on_event(call, t0 + 3s, "n");
    ASSERT_EQ(attached.what, verdict::attached);
    EXPECT_TRUE(attached.sources_changed);
    EXPECT_FALSE(attached.severity_changed) << "both critical";
    auto restored = c.on_event(with_kind(alarm("panel", "003", "R110", "B3"), event_kind::restore),
                               t0 + 4s, "n");
    ASSERT_EQ(restored.what, verdict::restored);
    EXPECT_EQ(restored.inc->version, 5u);
    ASSERT_NE(restored.zone, nullptr);
    EXPECT_TRUE(restored.zone->restored);
}

TEST_F(CorrelatorTest, AnIncidentKeepsAtMostZonesMaxAndCountsTheRest) {
    (void)c.on_event(alarm("panel", "0", "E130", "B3", category::intrusion), t0, "inc-1");
    for (std::size_t z = 1; z <= zones_max; ++z) {
        auto r = c.on_event(alarm("panel", std::to_string(z), "E130", "B3", category::intrusion),
                            t0 + 1s, "n");
        ASSERT_EQ(r.inc->id, "inc-1");
    }
    const auto* inc = c.find("inc-1");
    ASSERT_NE(inc, nullptr);
    EXPECT_EQ(inc->zones.size(), zones_max);
    EXPECT_EQ(inc->zones_beyond, 1u);
    EXPECT_EQ(inc->zone_count(), zones_max + 1);
    EXPECT_EQ(inc->event_count, static_cast<int>(zones_max + 1));

    // The zone past the ceiling alarming again is the same zone, not one more; another is.
    const auto beyond = std::to_string(zones_max);
    auto again = c.on_event(alarm("panel", beyond, "E131", "B3", category::intrusion), t0 + 2s, "n");
    ASSERT_EQ(again.inc->id, "inc-1");
    EXPECT_EQ(again.zone, nullptr);
    EXPECT_EQ(inc->zone_count(), zones_max + 1);
    (void)c.on_event(alarm("panel", "x1", "E130", "B3", category::intrusion), t0 + 3s, "n");
    EXPECT_EQ(inc->zone_count(), zones_max + 2);
    EXPECT_EQ(inc->event_count, static_cast<int>(zones_max + 3));
}

TEST_F(CorrelatorTest, ReleasingAnIncidentLeavesTheKeysANewerOneTookOver) {
    (void)c.on_event(alarm("panel", "003", "E110", "B3"), t0, "inc-1");
    (void)c.on_event(alarm("panel", "003", "E110", "B4"), t0 + 1s, "n");  // dedupe: inc-1
    // B4's window is inc-1's too; a new incident takes over the zone after a long gap.
    auto later = c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 10min, "inc-2");
    ASSERT_EQ(later.what, verdict::opened);
    (void)c.release("inc-1");
    auto dup = c.on_event(alarm("panel", "003", "E110", "B3"), t0 + 10min + 1s, "n");
    EXPECT_EQ(dup.what, verdict::duplicate);
    EXPECT_EQ(dup.inc->id, "inc-2") << "inc-2's dedupe key survived inc-1's release";
    auto restore = c.on_event(with_kind(alarm("panel", "003", "R110", "B3"), event_kind::restore),
                              t0 + 10min + 2s, "n");
    EXPECT_EQ(restore.inc->id, "inc-2");
}

TEST_F(CorrelatorTest, TheQueueIsMostSevereFirstThenOldest) {
    correlator q{{0s, 0s}};
    (void)q.on_event(alarm("a", "1", "x", "B1", category::door), t0, "door-1");
    (void)q.on_event(alarm("a", "2", "x", "B1", category::fire), t0 + 1s, "fire-1");
    (void)q.on_event(alarm("a", "3", "x", "B1", category::intrusion), t0 + 2s, "intr-1");
    (void)q.on_event(alarm("a", "4", "x", "B1", category::fire), t0 + 3s, "fire-2");
    auto ids = [](const std::vector<const incident*>& v) {
        std::vector<std::string> out;
        for (const auto* i : v) {
            out.push_back(i->id);
        }
        return out;
    };
    auto all = q.queue(std::nullopt, 10, [](const incident&) { return true; });
    EXPECT_EQ(ids(all), (std::vector<std::string>{"fire-1", "fire-2", "intr-1", "door-1"}));
    auto rest = q.queue(correlator::urgency_of(*all[1]), 10, [](const incident&) { return true; });
    EXPECT_EQ(ids(rest), (std::vector<std::string>{"intr-1", "door-1"}));
    EXPECT_EQ(ids(q.queue(std::nullopt, 1, [](const incident& i) { return i.severity > 1; })),
              (std::vector<std::string>{"intr-1"}));
    (void)q.release("fire-1");
    EXPECT_EQ(ids(q.queue(std::nullopt, 1, [](const incident&) { return true; })),
              (std::vector<std::string>{"fire-2"}));
}

}  // namespace
}  // namespace alarmd::core
