// The code table: every range the issue names maps to its category and kind, qualifiers turn
// into kinds, open/close and bypass change zone state, and unknown codes are still events.
#include "daemon/ingest/sia/code_map.hpp"

#include <gtest/gtest.h>

namespace alarmd::ingest {
namespace {

using core::category;
using core::event_kind;
using protocols::contact_id::qualifier;

void expect_cid(int first, int last, category c, event_kind new_kind, event_kind restore_kind) {
    for (int code = first; code <= last; ++code) {
        const auto n = map_contact_id(code, qualifier::new_event);
        const auto r = map_contact_id(code, qualifier::restore);
        EXPECT_TRUE(n.known) << code;
        EXPECT_EQ(n.what, c) << code;
        EXPECT_EQ(n.kind, new_kind) << code;
        EXPECT_EQ(r.what, c) << code;
        EXPECT_EQ(r.kind, restore_kind) << code;
        EXPECT_EQ(map_contact_id(code, qualifier::status).kind, event_kind::status) << code;
    }
}

TEST(SiaCodeMap, ContactIdRangesOfTheIssue) {
    expect_cid(110, 118, category::fire, event_kind::alarm, event_kind::restore);
    expect_cid(120, 126, category::panic, event_kind::alarm, event_kind::restore);
    expect_cid(130, 130, category::intrusion, event_kind::alarm, event_kind::restore);
    expect_cid(131, 131, category::perimeter, event_kind::alarm, event_kind::restore);
    expect_cid(132, 135, category::intrusion, event_kind::alarm, event_kind::restore);
    expect_cid(136, 136, category::perimeter, event_kind::alarm, event_kind::restore);
    expect_cid(138, 139, category::intrusion, event_kind::alarm, event_kind::restore);
    for (int tamper : {137, 144, 145, 383}) {
        expect_cid(tamper, tamper, category::tamper, event_kind::alarm, event_kind::restore);
    }
    expect_cid(200, 206, category::supervisory, event_kind::fault, event_kind::fault_restore);
    expect_cid(301, 302, category::power, event_kind::fault, event_kind::fault_restore);
    expect_cid(309, 309, category::power, event_kind::fault, event_kind::fault_restore);
    expect_cid(350, 354, category::comm_fault, event_kind::fault, event_kind::fault_restore);
    expect_cid(300, 300, category::equipment, event_kind::fault, event_kind::fault_restore);
    expect_cid(373, 373, category::equipment, event_kind::fault, event_kind::fault_restore);
}

TEST(SiaCodeMap, EveryTroubleCodeIsAFaultOrAStatus) {
    for (int code = 300; code <= 399; ++code) {
        const auto m = map_contact_id(code, qualifier::new_event);
        EXPECT_TRUE(m.known) << code;
        const bool tamper = m.what == category::tamper && m.kind == event_kind::alarm;
        EXPECT_TRUE(m.kind == event_kind::fault || m.kind == event_kind::status || tamper) << code;
    }
}

TEST(SiaCodeMap, OpenCloseIsDisarmAndArmOfTheWholePanel) {
    for (int code = 401; code <= 409; ++code) {
        if (code == 406) {
            EXPECT_EQ(map_contact_id(code, qualifier::new_event).kind, event_kind::status);
            continue;
        }
        EXPECT_EQ(map_contact_id(code, qualifier::new_event).kind, event_kind::disarm) << code;
        EXPECT_EQ(map_contact_id(code, qualifier::restore).kind, event_kind::arm) << code;
        EXPECT_EQ(map_contact_id(code, qualifier::new_event).number, number_use::user) << code;
    }
    EXPECT_EQ(map_sia_dc03("OP").kind, event_kind::disarm);
    EXPECT_EQ(map_sia_dc03("OP").number, number_use::user);
    EXPECT_EQ(map_sia_dc03("CL").kind, event_kind::arm);
    EXPECT_EQ(map_sia_dc03("CL").number, number_use::user);
}

TEST(SiaCodeMap, BypassAndUnbypassOfAZone) {
    for (int code = 570; code <= 573; ++code) {
        EXPECT_EQ(map_contact_id(code, qualifier::new_event).kind, event_kind::bypass) << code;
        EXPECT_EQ(map_contact_id(code, qualifier::new_event).number, number_use::zone) << code;
        // Unbypass: arm of the zone, which clears its bypass.
        EXPECT_EQ(map_contact_id(code, qualifier::restore).kind, event_kind::arm) << code;
    }
    // Group bypass names a user, not a zone: recorded, never a bypass of the whole panel.
    EXPECT_EQ(map_contact_id(574, qualifier::new_event).kind, event_kind::status);
    EXPECT_EQ(map_sia_dc03("UB").kind, event_kind::bypass);
    EXPECT_EQ(map_sia_dc03("UU").kind, event_kind::arm);
    EXPECT_EQ(map_sia_dc03("BB").kind, event_kind::bypass);
    EXPECT_EQ(map_sia_dc03("BU").kind, event_kind::arm);
    EXPECT_EQ(map_sia_dc03("FB").kind, event_kind::bypass);
}

TEST(SiaCodeMap, TestReports) {
    for (int code : {601, 602}) {
        const auto m = map_contact_id(code, qualifier::new_event);
        EXPECT_EQ(m.what, category::test);
        EXPECT_EQ(m.kind, event_kind::test);
    }
    EXPECT_EQ(map_sia_dc03("RP").kind, event_kind::test);
    EXPECT_EQ(map_sia_dc03("RX").kind, event_kind::test);
}

TEST(SiaCodeMap, DC03Equivalents) {
    struct row {
        const char* code;
        category what;
        event_kind kind;
    };
    for (const row& r : {
             row{"FA", category::fire, event_kind::alarm},
             row{"FR", category::fire, event_kind::restore},
             row{"FH", category::fire, event_kind::restore},
             row{"BA", category::intrusion, event_kind::alarm},
             row{"BR", category::intrusion, event_kind::restore},
             row{"PA", category::panic, event_kind::alarm},
             row{"HA", category::panic, event_kind::alarm},
             row{"TA", category::tamper, event_kind::alarm},
             row{"TR", category::tamper, event_kind::restore},
             row{"YT", category::power, event_kind::fault},
             row{"YR", category::power, event_kind::fault_restore},
             row{"AT", category::power, event_kind::fault},
             row{"AR", category::power, event_kind::fault_restore},
             row{"YC", category::comm_fault, event_kind::fault},
             row{"YK", category::comm_fault, event_kind::fault_restore},
             row{"WA", category::water_leak, event_kind::alarm},
             row{"FS", category::supervisory, event_kind::fault},
             row{"RP", category::test, event_kind::test},
         }) {
        const auto m = map_sia_dc03(r.code);
        EXPECT_TRUE(m.known) << r.code;
        EXPECT_EQ(m.what, r.what) << r.code;
        EXPECT_EQ(m.kind, r.kind) << r.code;
    }
}

TEST(SiaCodeMap, SeverityFollowsTheCategoryUnlessTheTableSaysOtherwise) {
    EXPECT_EQ(map_contact_id(111, qualifier::new_event).severity, 1);
    EXPECT_EQ(map_contact_id(130, qualifier::new_event).severity,
              core::default_severity(category::intrusion));
    EXPECT_EQ(map_contact_id(602, qualifier::new_event).severity, 4);
    EXPECT_EQ(map_sia_dc03("FA").severity, 1);
}

TEST(SiaCodeMap, UnknownCodesAreEquipmentEventsNeverDropped) {
    const auto n = map_contact_id(999, qualifier::new_event);
    EXPECT_FALSE(n.known);
    EXPECT_EQ(n.what, category::equipment);
    EXPECT_EQ(n.kind, event_kind::alarm);
    EXPECT_EQ(map_contact_id(999, qualifier::restore).kind, event_kind::restore);
    EXPECT_EQ(map_contact_id(0, qualifier::status).kind, event_kind::status);

    const auto s = map_sia_dc03("QQ");
    EXPECT_FALSE(s.known);
    EXPECT_EQ(s.what, category::equipment);
    EXPECT_EQ(s.kind, event_kind::alarm);
    EXPECT_EQ(s.number, number_use::zone);
}

}  // namespace
}  // namespace alarmd::ingest
