#include "protocols/gb26875/changes.hpp"

namespace alarmd::protocols::gb26875 {
namespace {

struct watched {
    condition cause;
    unsigned mask;
    bool is_alarm;  // alarm / restore, else fault / fault_restore
};

template <std::size_t N>
std::vector<status_change> compare(unsigned before, unsigned after, const watched (&bits)[N]) {
    std::vector<status_change> out;
    for (const watched& w : bits) {
        const bool was = (before & w.mask) != 0;
        const bool is = (after & w.mask) != 0;
        if (was == is) {
            continue;
        }
        const change_kind kind = w.is_alarm
                                     ? (is ? change_kind::alarm : change_kind::restore)
                                     : (is ? change_kind::fault : change_kind::fault_restore);
        out.push_back({kind, w.cause});
    }
    return out;
}

}  // namespace

std::vector<status_change> changes(component_status before, component_status after) {
    static constexpr watched bits[] = {
        {condition::fire_alarm, 0x0002, true},
        {condition::supervisory, 0x0010, true},
        {condition::fault, 0x0004, false},
        {condition::power_fault, 0x0100, false},
    };
    return compare(before.bits, after.bits, bits);
}

std::vector<status_change> changes(system_status before, system_status after) {
    static constexpr watched bits[] = {
        {condition::fire_alarm, 0x0002, true},
        {condition::supervisory, 0x0010, true},
        {condition::fault, 0x0004, false},
        {condition::main_power_fault, 0x0100, false},
        {condition::backup_power_fault, 0x0200, false},
        {condition::bus_fault, 0x0400, false},
    };
    return compare(before.bits, after.bits, bits);
}

std::vector<status_change> changes(uitd_status before, uitd_status after) {
    static constexpr watched bits[] = {
        {condition::fire_alarm, 0x02, true},        {condition::fault, 0x04, false},
        {condition::main_power_fault, 0x08, false}, {condition::backup_power_fault, 0x10, false},
        {condition::channel_fault, 0x20, false},    {condition::line_fault, 0x40, false},
    };
    return compare(before.bits, after.bits, bits);
}

}  // namespace alarmd::protocols::gb26875
