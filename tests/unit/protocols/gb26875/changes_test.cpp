// Status changes as normalized kinds.
#include "protocols/gb26875/changes.hpp"

#include <gtest/gtest.h>

namespace alarmd::protocols::gb26875 {
namespace {

using v = std::vector<status_change>;

TEST(Gb26875Changes, ComponentFireAlarmAndRestore) {
    EXPECT_EQ(changes(component_status{}, component_status{0x0002}),
              (v{{change_kind::alarm, condition::fire_alarm}}));
    EXPECT_EQ(changes(component_status{0x0003}, component_status{0x0001}),
              (v{{change_kind::restore, condition::fire_alarm}}));
}

TEST(Gb26875Changes, ComponentFaultsAndSupervision) {
    EXPECT_EQ(changes(component_status{0x0004}, component_status{0x0110}),
              (v{{change_kind::alarm, condition::supervisory},
                 {change_kind::fault_restore, condition::fault},
                 {change_kind::fault, condition::power_fault}}));
}

TEST(Gb26875Changes, AttributesAloneGiveNoChange) {
    // test bit, shielded, started, feedback, delay, reserved bits
    EXPECT_TRUE(changes(component_status{0x0000}, component_status{0xFEE9}).empty());
    EXPECT_TRUE(changes(component_status{0x0006}, component_status{0x0006}).empty());
    EXPECT_TRUE(changes(system_status{0x0000}, system_status{0xF8E9}).empty());
    EXPECT_TRUE(changes(uitd_status{0x00}, uitd_status{0x81}).empty());
}

TEST(Gb26875Changes, SystemPowerAndBus) {
    EXPECT_EQ(changes(system_status{0x0100}, system_status{0x0602}),
              (v{{change_kind::alarm, condition::fire_alarm},
                 {change_kind::fault_restore, condition::main_power_fault},
                 {change_kind::fault, condition::backup_power_fault},
                 {change_kind::fault, condition::bus_fault}}));
}

TEST(Gb26875Changes, UitdState) {
    EXPECT_EQ(changes(uitd_status{}, uitd_status{0x08}),  // doc_ex2: main power fault
              (v{{change_kind::fault, condition::main_power_fault}}));
    EXPECT_EQ(changes(uitd_status{0x76}, uitd_status{0x00}),
              (v{{change_kind::restore, condition::fire_alarm},
                 {change_kind::fault_restore, condition::fault},
                 {change_kind::fault_restore, condition::backup_power_fault},
                 {change_kind::fault_restore, condition::channel_fault},
                 {change_kind::fault_restore, condition::line_fault}}));
}

}  // namespace
}  // namespace alarmd::protocols::gb26875
