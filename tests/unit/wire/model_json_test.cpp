// What is stored in Redis reads back as it was written: an incident with every field, a zone
// record; a stored value that lacks what identifies it, or names an unknown state, reads back as
// nothing rather than as a wrong incident.
#include "daemon/wire/model_json.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace alarmd::wire {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

core::time_point at(std::string_view rfc3339) { return *core::parse_time(rfc3339); }

core::incident full_incident() {
    core::incident inc;
    inc.id = "inc-1732431500000-0";
    inc.what = core::category::fire;
    inc.family = "fire";
    inc.building = "B3";
    inc.unit = "301";
    inc.severity = 1;
    inc.state = core::incident_state::resolved;
    inc.result = core::outcome::false_alarm;
    inc.note = "厨房油烟";
    inc.title = "3F 电梯厅烟感";
    inc.opened_at = at("2026-11-24T06:58:20.123Z");
    inc.updated_at = at("2026-11-24T07:01:00.000Z");
    inc.last_event_at = at("2026-11-24T06:59:00.500Z");
    inc.event_count = 3;
    inc.zones.push_back({"panel-b3", "003", "E110", "3F 电梯厅烟感", 3, false, 2, 0,
                         at("2026-11-24T06:59:00.500Z")});
    inc.zones.push_back({"panel-b3", "004", "E115", "4F 手报", std::nullopt, true, 1, 4,
                         at("2026-11-24T06:58:40.000Z")});
    inc.sources = {"sia", "hotline"};
    inc.cameras = {"cam-b3-3f"};
    inc.acknowledged = core::stamp{"g01", at("2026-11-24T06:58:30.000Z")};
    inc.arrived = core::stamp{"g01", at("2026-11-24T06:59:30.000Z")};
    inc.resolved = core::stamp{"g01", at("2026-11-24T07:01:00.000Z")};
    inc.held = core::stamp{"mgr1", at("2026-11-24T07:00:00.000Z")};
    return inc;
}

TEST(ModelJson, AnIncidentReadsBackAsWritten) {
    const auto inc = full_incident();
    const auto stored = json::serialize(to_json(inc));
    auto back = incident_from_json(json::parse(stored));
    ASSERT_TRUE(back);
    EXPECT_EQ(json::serialize(to_json(*back)), stored);
    EXPECT_EQ(back->zones.size(), 2u);
    EXPECT_EQ(back->zones[0].floor, 3);
    EXPECT_FALSE(back->zones[1].floor);
    EXPECT_TRUE(back->zones[1].restored);
    EXPECT_EQ(back->zones[1].restores, 4);
    EXPECT_EQ(back->held->by, "mgr1");
    EXPECT_FALSE(back->reviewed);
    EXPECT_EQ(back->result, core::outcome::false_alarm);
}

TEST(ModelJson, AStoredIncidentWithoutWhatIdentifiesItIsRefused) {
    auto stored = to_json(full_incident());
    for (const auto* key : {"id", "category", "state", "opened_at"}) {
        auto copy = stored;
        copy.erase(key);
        EXPECT_FALSE(incident_from_json(copy)) << key;
    }
    auto bad_state = stored;
    bad_state["state"] = "exploded";
    EXPECT_FALSE(incident_from_json(bad_state));
    auto bad_time = stored;
    bad_time["opened_at"] = "yesterday";
    EXPECT_FALSE(incident_from_json(bad_time));
    EXPECT_FALSE(incident_from_json(json::value("inc-1")));
}

TEST(ModelJson, OptionalPartsThatAreMalformedAreLeftOut) {
    auto stored = to_json(full_incident());
    stored["zones"] = json::array{7, json::object{{"device", "d"}, {"zone", "1"}}};
    stored["acknowledged"] = "g01";
    stored["sources"] = json::array{"sia", 3};
    auto back = incident_from_json(stored);
    ASSERT_TRUE(back);
    ASSERT_EQ(back->zones.size(), 1u) << "the zone that is not an object is skipped";
    EXPECT_EQ(back->zones[0].device, "d");
    EXPECT_FALSE(back->acknowledged);
    EXPECT_EQ(back->sources, (std::vector<std::string>{"sia"}));
}

TEST(ModelJson, AZoneRecordReadsBackAsWritten) {
    const core::zone_record rec{core::zone_mode::bypassed, "mgr1", at("2026-11-24T06:58:20.123Z"),
                                "evt-1", "detector replaced", at("2026-11-24T14:58:20.123Z")};
    const auto written = to_json("panel-b3/003", rec);
    EXPECT_EQ(written.at("device").as_string(), "panel-b3");
    EXPECT_EQ(written.at("zone").as_string(), "003");
    auto back = zone_record_from_json(written);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->mode, core::zone_mode::bypassed);
    EXPECT_EQ(back->by, "mgr1");
    EXPECT_EQ(back->changed_at, rec.changed_at);
    EXPECT_EQ(back->event_id, "evt-1");
    EXPECT_EQ(back->reason, "detector replaced");
    EXPECT_EQ(back->expires_at, rec.expires_at);
    EXPECT_FALSE(zone_record_from_json(json::parse(R"({"mode":"asleep","changed_at":"2026-11-24T06:58:20Z"})")));
    EXPECT_FALSE(zone_record_from_json(json::parse(R"({"mode":"armed"})")));
}

TEST(ModelJson, AnIncidentCarriesItsFirstZonesInlineAndCountsThemAll) {
    auto inc = full_incident();
    for (int z = 0; z < 70; ++z) {
        (void)inc.add_zone({"panel-x", std::to_string(z), "E130", "", std::nullopt, false, 1, 0,
                            inc.opened_at});
    }
    const auto o = to_json(inc);
    EXPECT_EQ(o.at("zones").as_array().size(), core::zones_inline);
    EXPECT_EQ(o.at("zone_count").as_int64(), 72);
    EXPECT_FALSE(to_json(inc, 0).contains("zones")) << "the head has none";
}

TEST(ModelJson, AStoredIncidentIsItsHeadAndItsZones) {
    auto inc = full_incident();
    inc.zones.clear();
    inc.reindex();
    std::vector<std::string> zones;
    for (int z = 0; z < 60; ++z) {
        core::incident_zone zone{"panel-x", std::to_string(z), "E130", "", z, false, 1, 0,
                                 inc.opened_at};
        zones.push_back(json::serialize(to_json(zone)));
        (void)inc.add_zone(zone);
    }
    inc.version = 61;
    const auto head = json::serialize(to_json(inc, 0));
    auto back = incident_from_stored(head, zones);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->zones.size(), 60u);
    EXPECT_EQ(back->zones_beyond, 0u);
    EXPECT_EQ(back->version, 61u);
    ASSERT_NE(back->find_zone("panel-x", "42"), nullptr) << "indexed";
    EXPECT_EQ(back->find_zone("panel-x", "42")->floor, 42);
    EXPECT_FALSE(incident_from_stored("{", zones));
    // Zones past the ceiling were counted only: the count says so after a reload too.
    auto counted = json::parse(head).as_object();
    counted["zone_count"] = 75;
    auto more = incident_from_stored(json::serialize(counted), zones);
    ASSERT_TRUE(more);
    EXPECT_EQ(more->zone_count(), 75u);
}

TEST(ModelJson, ZonesArePagedInKeyOrder) {
    auto inc = full_incident();
    auto page = zones_page(inc, "", 1);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].as_object().at("zone").as_string(), "003");
    page = zones_page(inc, "panel-b3/003", 10);
    ASSERT_EQ(page.size(), 1u);
    EXPECT_EQ(page[0].as_object().at("zone").as_string(), "004");
    EXPECT_TRUE(zones_page(inc, "panel-b3/004", 10).empty());
}

}  // namespace
}  // namespace alarmd::wire
