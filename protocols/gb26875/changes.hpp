#pragma once
// What changed between two status words, as normalized kinds. Pure: the caller keeps the last
// status per component (system type + address + component address) and passes it in; an
// unknown previous status is {} (all clear), so a first report of an alarm is an alarm.
#include <cstdint>
#include <vector>

#include "protocols/gb26875/status.hpp"

namespace alarmd::protocols::gb26875 {

enum class change_kind { alarm, restore, fault, fault_restore };

// Which bit changed. fire_alarm and supervisory give alarm / restore; the fault bits give
// fault / fault_restore. Shielded, started, feedback, delay and test give no change: they are
// attributes, not conditions to raise (the caller can still compare the words itself).
enum class condition {
    fire_alarm,
    supervisory,
    fault,
    power_fault,         // component bit8
    main_power_fault,    // system bit8, UITD bit3
    backup_power_fault,  // system bit9, UITD bit4
    bus_fault,           // system bit10
    channel_fault,       // UITD bit5: its link to the centre
    line_fault,          // UITD bit6: its line to the fire alarm panel
};

struct status_change {
    change_kind kind;
    condition cause;

    friend bool operator==(const status_change&, const status_change&) = default;
};

// In the order of the enum `condition`; empty when nothing of the above changed.
[[nodiscard]] std::vector<status_change> changes(component_status before, component_status after);
[[nodiscard]] std::vector<status_change> changes(system_status before, system_status after);
[[nodiscard]] std::vector<status_change> changes(uitd_status before, uitd_status after);

}  // namespace alarmd::protocols::gb26875
