// Frames to events: Contact ID and DC-03 data become normalized events for the account's
// device, with the configured zone id, the protocol's code, and the frame time.
#include "daemon/ingest/sia/events.hpp"

#include <gtest/gtest.h>

#include "protocols/contact_id/error.hpp"
#include "protocols/sia_dc03/error.hpp"

namespace alarmd::ingest {
namespace {

namespace dc09 = protocols::sia_dc09;
using core::category;
using core::event_kind;

config::device panel() {
    config::device d;
    d.id = "panel-b3";
    d.protocol = config::device_protocol::sia;
    d.account = "1234";
    d.building = "B3";
    d.zones["003"] = config::zone_info{3, "3F smoke", {}};
    d.zones["7"] = config::zone_info{1, "lobby", {}};
    return d;
}

dc09::frame frame(std::string token, std::string data) {
    dc09::frame f;
    f.header.id = std::move(token);
    f.header.sequence = 12;
    f.header.line = "0";
    f.header.account = "1234";
    f.body.data = std::move(data);
    return f;
}

std::vector<core::event> events(const dc09::frame& f, std::string_view raw = "raw") {
    auto r = events_of(f, panel(), raw);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : std::vector<core::event>{};
}

TEST(SiaEvents, ContactIdFireAlarm) {
    auto f = frame("ADM-CID", "#1234|1110 01 003");
    f.body.timestamp = std::chrono::sys_seconds{std::chrono::seconds{1'700'000'000}};
    const auto evs = events(f, "\n0000\"ADM-CID\"...\r");
    ASSERT_EQ(evs.size(), 1u);
    const auto& ev = evs[0];
    EXPECT_EQ(ev.from, core::source::sia);
    EXPECT_EQ(ev.device, "panel-b3");
    EXPECT_EQ(ev.zone, "003");
    EXPECT_EQ(ev.what, category::fire);
    EXPECT_EQ(ev.kind, event_kind::alarm);
    EXPECT_EQ(ev.code, "E110");
    EXPECT_EQ(ev.severity, 1);
    EXPECT_EQ(ev.text, "fire partition 1");
    EXPECT_EQ(ev.occurred_at, *f.body.timestamp);
    EXPECT_EQ(ev.raw, core::escape_raw("\n0000\"ADM-CID\"...\r"));
}

TEST(SiaEvents, ContactIdRestoreAndStatusCodes) {
    EXPECT_EQ(events(frame("ADM-CID", "#1234|3110 00 003"))[0].kind, event_kind::restore);
    EXPECT_EQ(events(frame("ADM-CID", "#1234|3110 00 003"))[0].code, "R110");
    EXPECT_EQ(events(frame("ADM-CID", "#1234|6302 00 000"))[0].code, "P302");
    EXPECT_EQ(events(frame("ADM-CID", "#1234|6302 00 000"))[0].kind, event_kind::status);
}

TEST(SiaEvents, ZoneNumbersMatchTheConfiguredIds) {
    EXPECT_EQ(events(frame("ADM-CID", "#1234|1130 00 007"))[0].zone, "7");
    EXPECT_EQ(events(frame("SIA-DCS", "#1234|NBA03"))[0].zone, "003");
    EXPECT_EQ(events(frame("SIA-DCS", "#1234|NBA7"))[0].zone, "7");
    // Not configured: the number as sent (the site model labels it "device zone").
    EXPECT_EQ(events(frame("ADM-CID", "#1234|1130 00 042"))[0].zone, "042");
    EXPECT_EQ(zone_id(panel(), ""), "");
}

TEST(SiaEvents, OpenCloseCarriesAUserNotAZone) {
    const auto open = events(frame("ADM-CID", "#1234|1401 01 005"));
    ASSERT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].kind, event_kind::disarm);
    EXPECT_EQ(open[0].zone, "");
    EXPECT_NE(open[0].text.find("user 005"), std::string::npos) << open[0].text;
    EXPECT_EQ(events(frame("ADM-CID", "#1234|3401 01 005"))[0].kind, event_kind::arm);

    const auto cl = events(frame("SIA-DCS", "#1234|Nri1/CL501"));
    ASSERT_EQ(cl.size(), 1u);
    EXPECT_EQ(cl[0].kind, event_kind::arm);
    EXPECT_EQ(cl[0].zone, "");
    EXPECT_EQ(cl[0].code, "CL");
}

TEST(SiaEvents, BypassAndUnbypassOfAZone) {
    const auto by = events(frame("ADM-CID", "#1234|1570 00 003"));
    EXPECT_EQ(by[0].kind, event_kind::bypass);
    EXPECT_EQ(by[0].zone, "003");
    const auto unby = events(frame("ADM-CID", "#1234|3570 00 003"));
    EXPECT_EQ(unby[0].kind, event_kind::arm);
    EXPECT_EQ(unby[0].zone, "003");
    EXPECT_EQ(events(frame("SIA-DCS", "#1234|NUB003"))[0].kind, event_kind::bypass);
    EXPECT_EQ(events(frame("SIA-DCS", "#1234|NUU003"))[0].kind, event_kind::arm);
}

TEST(SiaEvents, SiaDcsWithSeveralEvents) {
    const auto evs = events(frame("SIA-DCS", "#1234|Nri1/BA003/ri2^Hall^/FA7^Kitchen^|Ahello"));
    ASSERT_EQ(evs.size(), 2u);
    EXPECT_EQ(evs[0].what, category::intrusion);
    EXPECT_EQ(evs[0].zone, "003");
    EXPECT_EQ(evs[0].code, "BA");
    EXPECT_EQ(evs[1].what, category::fire);
    EXPECT_EQ(evs[1].zone, "7");
    EXPECT_NE(evs[1].text.find("Kitchen"), std::string::npos) << evs[1].text;
    EXPECT_NE(evs[1].text.find("Hall"), std::string::npos) << evs[1].text;
    EXPECT_NE(evs[1].text.find("hello"), std::string::npos) << evs[1].text;
}

TEST(SiaEvents, UnknownCodesAreKept) {
    const auto cid = events(frame("ADM-CID", "#1234|1999 00 003"));
    ASSERT_EQ(cid.size(), 1u);
    EXPECT_EQ(cid[0].what, category::equipment);
    EXPECT_EQ(cid[0].kind, event_kind::alarm);
    EXPECT_EQ(cid[0].code, "E999");
    EXPECT_EQ(cid[0].text, "Contact ID 999");
    const auto dcs = events(frame("SIA-DCS", "#1234|NQQ003"));
    ASSERT_EQ(dcs.size(), 1u);
    EXPECT_EQ(dcs[0].what, category::equipment);
    EXPECT_EQ(dcs[0].code, "QQ");
    EXPECT_EQ(dcs[0].text, "SIA QQ");
}

TEST(SiaEvents, NullAndEmptyDataCarryNoEvents) {
    EXPECT_TRUE(events(frame("NULL", "")).empty());
    EXPECT_TRUE(events(frame("NULL", "#0000|0000 00 000")).empty());  // PYS issue #42
    EXPECT_TRUE(events(frame("SIA-DCS", "")).empty());
}

TEST(SiaEvents, PayloadThatDoesNotDecodeIsAnError) {
    auto cid = events_of(frame("ADM-CID", "#1234|9110 01 003"), panel(), "");
    ASSERT_FALSE(cid);
    EXPECT_EQ(cid.error().category(), protocols::contact_id::category());
    auto dcs = events_of(frame("SIA-DCS", "#1234|Xbad"), panel(), "");
    ASSERT_FALSE(dcs);
    EXPECT_EQ(dcs.error().category(), protocols::sia_dc03::category());
}

}  // namespace
}  // namespace alarmd::ingest
