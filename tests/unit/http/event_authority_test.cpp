// Who may send which event: the decision alone, from config entries.
#include <gtest/gtest.h>

#include "daemon/http/event_authority.hpp"

namespace alarmd::http {
namespace {

core::event ev(const std::string& device, core::event_kind kind) {
    core::event e;
    e.device = device;
    e.kind = kind;
    return e;
}

TEST(EventAuthority, ZoneChangesNeedARoleOfZoneRoles) {
    config::config cfg;
    config::person guard;
    guard.id = "g01";
    config::person lead;
    lead.id = "lead1";
    lead.person_role = config::role::team_lead;
    for (auto k : {core::event_kind::arm, core::event_kind::disarm, core::event_kind::bypass}) {
        EXPECT_TRUE(event_refusal(ev("p", k), &guard, nullptr, cfg)) << core::to_string(k);
        EXPECT_FALSE(event_refusal(ev("p", k), &lead, nullptr, cfg));
    }
    EXPECT_FALSE(event_refusal(ev("p", core::event_kind::alarm), &guard, nullptr, cfg));
    cfg.correlation.zone_roles = {config::role::admin};
    EXPECT_EQ(*event_refusal(ev("p", core::event_kind::bypass), &lead, nullptr, cfg),
              "role 'team_lead' may not bypass zones (correlation.zone_roles)");
}

TEST(EventAuthority, AnHttpSourceSendsItsDevicesAndItsKinds) {
    config::config cfg;
    config::http_source any;
    any.name = "gw";
    EXPECT_FALSE(event_refusal(ev("p", core::event_kind::alarm), nullptr, &any, cfg));
    EXPECT_FALSE(event_refusal(ev("p", core::event_kind::restore), nullptr, &any, cfg));
    EXPECT_TRUE(event_refusal(ev("p", core::event_kind::bypass), nullptr, &any, cfg))
        << "zone changes only when listed";
    config::http_source door;
    door.name = "door-gw";
    door.devices = {"door-1"};
    door.kinds = {"alarm", "disarm"};
    EXPECT_EQ(*event_refusal(ev("p", core::event_kind::alarm), nullptr, &door, cfg),
              "device 'p' is not among the devices of http source 'door-gw'");
    EXPECT_FALSE(event_refusal(ev("door-1", core::event_kind::disarm), nullptr, &door, cfg));
    EXPECT_EQ(*event_refusal(ev("door-1", core::event_kind::restore), nullptr, &door, cfg),
              "http source 'door-gw' may not send kind 'restore'");
}

}  // namespace
}  // namespace alarmd::http
