// Intercom bodies of POST /v1/events: each door-station event maps to one normalized event, a
// heartbeat to nothing stored, and a bad body to a 400 naming its field.
#include "daemon/ingest/intercom/body.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace alarmd::ingest {
namespace {

namespace json = boost::json;

json::object body(std::string_view text) {
    return json::parse(text).as_object();
}

core::event event_of(std::string_view text) {
    auto m = parse_intercom_body(body(text));
    EXPECT_TRUE(m) << (m ? "" : m.error().field + ": " + m.error().message);
    if (!m || !std::holds_alternative<core::event>(*m)) {
        ADD_FAILURE() << "not an event: " << text;
        return {};
    }
    return std::get<core::event>(*m);
}

wire::field_error error_of(std::string_view text) {
    auto m = parse_intercom_body(body(text));
    EXPECT_FALSE(m) << text;
    return m ? wire::field_error{} : m.error();
}

struct expected {
    const char* event;
    core::category what;
    core::event_kind kind;
    const char* zone;
};

TEST(IntercomBody, EveryEventMapsToItsCategoryKindAndZone) {
    using core::category;
    using core::event_kind;
    const expected all[] = {
        {"emergency_button", category::intercom_emergency, event_kind::alarm, "sos"},
        {"door_forced", category::door, event_kind::alarm, "door.forced"},
        {"door_held_open", category::door, event_kind::alarm, "door"},
        {"door_closed", category::door, event_kind::restore, "door"},
        {"tamper", category::tamper, event_kind::alarm, "tamper"},
        {"tamper_restore", category::tamper, event_kind::restore, "tamper"},
        {"offline", category::comm_fault, event_kind::fault, "link"},
        {"online", category::comm_fault, event_kind::fault_restore, "link"},
    };
    for (const auto& e : all) {
        const auto ev = event_of(
            std::string(R"({"source":"intercom","device":"door-b3","event":")") + e.event + "\"}");
        EXPECT_EQ(ev.from, core::source::intercom) << e.event;
        EXPECT_EQ(ev.device, "door-b3") << e.event;
        EXPECT_EQ(ev.what, e.what) << e.event;
        EXPECT_EQ(ev.kind, e.kind) << e.event;
        EXPECT_EQ(ev.zone, e.zone) << e.event;
        EXPECT_EQ(ev.code, e.event);
        EXPECT_EQ(ev.severity, core::default_severity(e.what)) << e.event;
        EXPECT_FALSE(ev.text.empty()) << e.event;                  // a guard reads what happened
        EXPECT_EQ(ev.occurred_at, core::time_point{}) << e.event;  // the receive time, later
    }
}

TEST(IntercomBody, TheDoorIsTheZoneAndAForcedDoorIsItsOwn) {
    const auto held =
        event_of(R"({"source":"intercom","device":"d","event":"door_held_open","door":"east-1"})");
    EXPECT_EQ(held.zone, "east-1");
    const auto closed =
        event_of(R"({"source":"intercom","device":"d","event":"door_closed","door":"east-1"})");
    EXPECT_EQ(closed.zone, "east-1");  // restores the held-open alarm of that door
    const auto forced =
        event_of(R"({"source":"intercom","device":"d","event":"door_forced","door":"east-1"})");
    EXPECT_EQ(forced.zone, "east-1.forced");  // ... but never a forced one
    // The other events have their own zones whatever `door` says.
    const auto sos =
        event_of(R"({"source":"intercom","device":"d","event":"emergency_button","door":"x"})");
    EXPECT_EQ(sos.zone, "sos");
}

TEST(IntercomBody, TextAndTimeAreTakenWhenGiven) {
    const auto ev = event_of(
        R"({"source":"intercom","device":"d","event":"emergency_button","text":"住户求助",)"
        R"("occurred_at":"2026-11-24T06:58:20.123Z"})");
    EXPECT_EQ(ev.text, "住户求助");
    EXPECT_EQ(core::format_time(ev.occurred_at), "2026-11-24T06:58:20.123Z");
}

TEST(IntercomBody, AHeartbeatIsNoEvent) {
    auto m = parse_intercom_body(
        body(R"({"source":"intercom","device":"door-b3","event":"heartbeat"})"));
    ASSERT_TRUE(m);
    ASSERT_TRUE(std::holds_alternative<intercom_heartbeat>(*m));
    EXPECT_EQ(std::get<intercom_heartbeat>(*m).device, "door-b3");
}

TEST(IntercomBody, BadBodiesNameTheField) {
    EXPECT_EQ(error_of(R"({"source":"intercom","event":"door_forced"})").field, "device");
    EXPECT_EQ(error_of(R"({"source":"intercom","device":7,"event":"door_forced"})").field,
              "device");
    EXPECT_EQ(error_of(R"({"source":"intercom","device":"d"})").field, "event");
    EXPECT_EQ(error_of(R"({"source":"intercom","device":"d","event":42})").field, "event");
    const auto unknown = error_of(R"({"source":"intercom","device":"d","event":"smoke"})");
    EXPECT_EQ(unknown.field, "event");
    EXPECT_EQ(unknown.message,
              "unknown event 'smoke' (emergency_button, door_forced, door_held_open, door_closed, "
              "tamper, tamper_restore, offline, online, heartbeat)");
    EXPECT_EQ(
        error_of(R"({"source":"intercom","device":"d","event":"door_closed","door":"east door"})")
            .field,
        "door");
    EXPECT_EQ(error_of(R"({"source":"intercom","device":"d","event":"tamper","occurred_at":"now"})")
                  .field,
              "occurred_at");
    EXPECT_EQ(error_of(R"({"source":"intercom","device":"d","event":"tamper","text":["x"]})").field,
              "text");
    for (const char* key : {"category", "kind", "code", "zone"}) {
        const auto e =
            error_of(std::string(R"({"source":"intercom","device":"d","event":"tamper",")") + key +
                     R"(":"x"})");
        EXPECT_EQ(e.field, key);
    }
    const std::string long_device(200, 'd');
    EXPECT_EQ(
        error_of(R"({"source":"intercom","event":"tamper","device":")" + long_device + "\"}").field,
        "device");
}

TEST(IntercomBody, WhichBodiesItReads) {
    EXPECT_TRUE(is_intercom_body(body(R"({"source":"intercom","event":"tamper"})")));
    EXPECT_TRUE(is_intercom_body(body(R"({"source":"intercom","device":"d"})")));  // 400: event
    // The generic body keeps working for intercom gateways that send categories.
    EXPECT_FALSE(is_intercom_body(body(R"({"source":"intercom","device":"d","category":"door"})")));
    EXPECT_FALSE(is_intercom_body(body(R"({"device":"d","event":"tamper"})")));
    EXPECT_FALSE(is_intercom_body(body(R"({"source":"http","event":"tamper"})")));
    EXPECT_FALSE(is_intercom_body(body(R"({"source":1,"event":"tamper"})")));
}

}  // namespace
}  // namespace alarmd::ingest
