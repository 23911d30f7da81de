// What a GB/T 26875.3 unit means: one event per changed condition, restores from the memory,
// a reset restoring what was raised, and the memory put back when the events were not stored.
#include "daemon/ingest/gb26875/events.hpp"

#include <gtest/gtest.h>

#include "protocols/gb26875/app_data.hpp"

namespace alarmd::ingest {
namespace {

namespace gb = protocols::gb26875;

config::device uitd() {
    config::device d;
    d.id = "uitd-b1";
    d.protocol = config::device_protocol::gb26875;
    d.building = "B1";
    return d;
}

gb::app_data components(std::initializer_list<std::pair<std::uint32_t, std::uint16_t>> states) {
    std::vector<gb::component_state> v;
    for (const auto& [address, bits] : states) {
        gb::component_state c;
        c.system_address = 1;
        c.component_type = 40;
        c.address.raw = address;
        c.status.bits = bits;
        c.description = "2F";
        v.push_back(c);
    }
    gb::app_data u;
    u.type = gb::app_type::component_state;
    u.count = static_cast<std::uint8_t>(v.size());
    u.objects = std::move(v);
    return u;
}

gb::app_data operation(std::uint8_t flags) {
    gb::system_operation op;
    op.system_address = 1;
    op.flags.bits = flags;
    gb::app_data u;
    u.type = gb::app_type::system_operation;
    u.count = 1;
    u.objects = std::vector<gb::system_operation>{op};
    return u;
}

TEST(Gb26875Events, FireThenNormalIsAlarmThenRestore) {
    status_memory mem;
    const auto dev = uitd();
    auto e = events_of(components({{0x00020003, 0x0003}}), dev, mem);
    ASSERT_EQ(e.events.size(), 1u);
    const auto& ev = e.events[0];
    EXPECT_EQ(ev.from, core::source::gb26875);
    EXPECT_EQ(ev.device, "uitd-b1");
    EXPECT_EQ(ev.zone, "1/0x00020003");
    EXPECT_EQ(ev.what, core::category::fire);
    EXPECT_EQ(ev.kind, core::event_kind::alarm);
    EXPECT_EQ(ev.code, "fire_alarm");
    EXPECT_NE(ev.text.find("smoke detector: 2F"), std::string::npos) << ev.text;
    EXPECT_EQ(mem.size(), 1u);

    // Reported again: nothing changed.
    EXPECT_TRUE(events_of(components({{0x00020003, 0x0003}}), dev, mem).events.empty());
    // The test bit (bit0 = 0) alone is an attribute, not a change.
    EXPECT_TRUE(events_of(components({{0x00020003, 0x0002}}), dev, mem).events.empty());

    e = events_of(components({{0x00020003, 0x0001}}), dev, mem);
    ASSERT_EQ(e.events.size(), 1u);
    EXPECT_EQ(e.events[0].kind, core::event_kind::restore);
    EXPECT_EQ(mem.size(), 0u) << "a clear status is not kept";
}

TEST(Gb26875Events, FirstReportOfNormalRaisesNothing) {
    status_memory mem;
    EXPECT_TRUE(events_of(components({{1, 0x0001}, {2, 0x0001}}), uitd(), mem).events.empty());
    EXPECT_EQ(mem.size(), 0u);
}

TEST(Gb26875Events, EachChangedConditionIsOneEvent) {
    status_memory mem;
    // Fire alarm and fault at once, on one component; a power fault on another.
    auto e = events_of(components({{1, 0x0007}, {2, 0x0101}}), uitd(), mem);
    ASSERT_EQ(e.events.size(), 3u);
    EXPECT_EQ(e.events[0].code, "fire_alarm");
    EXPECT_EQ(e.events[1].code, "fault");
    EXPECT_EQ(e.events[1].kind, core::event_kind::fault);
    EXPECT_EQ(e.events[1].what, core::category::equipment);
    EXPECT_EQ(e.events[2].code, "power_fault");
    EXPECT_EQ(e.events[2].what, core::category::power);
    // The fault clears, the fire stays.
    e = events_of(components({{1, 0x0003}}), uitd(), mem);
    ASSERT_EQ(e.events.size(), 1u);
    EXPECT_EQ(e.events[0].kind, core::event_kind::fault_restore);
}

TEST(Gb26875Events, ResetRestoresWhatTheSystemHadRaised) {
    status_memory mem;
    const auto dev = uitd();
    (void)events_of(components({{1, 0x0003}, {2, 0x0005}}), dev, mem);
    ASSERT_EQ(mem.size(), 2u);
    auto e = events_of(operation(0x01), dev, mem);
    ASSERT_EQ(e.events.size(), 2u);
    for (const auto& ev : e.events) {
        EXPECT_TRUE(ev.kind == core::event_kind::restore ||
                    ev.kind == core::event_kind::fault_restore);
    }
    EXPECT_EQ(mem.size(), 0u);
}

TEST(Gb26875Events, ManualAlarmAtThePanelIsAFireAlarmOfTheSystem) {
    status_memory mem;
    auto e = events_of(operation(0x04), uitd(), mem);
    ASSERT_EQ(e.events.size(), 1u);
    EXPECT_EQ(e.events[0].what, core::category::fire);
    EXPECT_EQ(e.events[0].zone, "1");
    EXPECT_EQ(e.events[0].code, "manual_alarm");
    // The reset restores it.
    e = events_of(operation(0x01), uitd(), mem);
    ASSERT_EQ(e.events.size(), 1u);
    EXPECT_EQ(e.events[0].kind, core::event_kind::restore);
}

TEST(Gb26875Events, TransmissionDeviceStateIsItsOwnZone) {
    status_memory mem;
    gb::uitd_state s;
    s.status.bits = 0x21;  // normal + channel fault
    gb::app_data u;
    u.type = gb::app_type::uitd_state;
    u.count = 1;
    u.objects = std::vector<gb::uitd_state>{s};
    auto e = events_of(u, uitd(), mem);
    ASSERT_EQ(e.events.size(), 1u);
    EXPECT_EQ(e.events[0].zone, uitd_zone);
    EXPECT_EQ(e.events[0].what, core::category::comm_fault);
    EXPECT_EQ(e.events[0].code, "channel_fault");
}

TEST(Gb26875Events, UndoPutsTheMemoryBackSoTheRetransmissionRaisesAgain) {
    status_memory mem;
    const auto dev = uitd();
    auto e = events_of(components({{1, 0x0003}}), dev, mem);
    ASSERT_EQ(e.events.size(), 1u);
    undo(e, dev.id, mem);
    EXPECT_EQ(mem.size(), 0u);
    EXPECT_EQ(events_of(components({{1, 0x0003}}), dev, mem).events.size(), 1u);
}

TEST(Gb26875Events, FullMemoryStillRaisesTheAlarm) {
    status_memory mem(1);
    auto e = events_of(components({{1, 0x0003}, {2, 0x0003}}), uitd(), mem);
    EXPECT_EQ(e.events.size(), 2u);
    EXPECT_EQ(e.not_remembered, 1u);
    EXPECT_EQ(mem.size(), 1u);
}

TEST(Gb26875Events, SeedingBitsFromOpenIncidentCodes) {
    EXPECT_EQ(bits_of_code("1/0x00000001", "fire_alarm"), 0x0002);
    EXPECT_EQ(bits_of_code("1", "bus_fault"), 0x0400);
    EXPECT_EQ(bits_of_code(uitd_zone, "line_fault"), 0x40);
    EXPECT_EQ(bits_of_code("1/0x00000001", "E110"), 0);
}

}  // namespace
}  // namespace alarmd::ingest
