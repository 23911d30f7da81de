#pragma once
// What an accepted GB/T 26875.3 application data unit means for one transmission device: one
// normalized event per changed condition of a component, a system or the device itself
// (alarm / restore for fire alarm and supervisory, fault / fault_restore for the fault bits),
// a manual alarm at the panel as a fire alarm, and a reset (or "alarm cleared") at the panel as
// the restores of everything it had in alarm. Other types (analog values, versions,
// configuration, clocks) carry no event. Pure: the caller owns the status memory and stores
// nothing when the events are not durable (undo()).
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/core/event.hpp"
#include "daemon/ingest/gb26875/status_memory.hpp"
#include "protocols/gb26875/app_data.hpp"

namespace alarmd::ingest {

// The zone id of the transmission device's own state (type 21).
inline constexpr const char* uitd_zone = "uitd";

struct gb26875_events {
    std::vector<core::event> events;
    // The memory as it was before this unit, for the zones it changed (undo on failure).
    struct before {
        std::string zone;
        std::uint16_t bits = 0;
        std::uint16_t after = 0;
    };
    std::vector<before> changed;
    std::size_t not_remembered = 0;  // non-clear statuses the full memory could not keep
};

// Events with source, device, zone, category, kind, code, severity, text and raw set; no id and
// no location yet. `mem` is updated to the unit's statuses.
[[nodiscard]] gb26875_events events_of(const protocols::gb26875::app_data& unit,
                                       const config::device& dev, status_memory& mem);

// Puts back the memory of the zones `e` changed, where nothing changed them since.
void undo(const gb26875_events& e, const std::string& device, status_memory& mem);

// The memory bits a zone of an open incident stands for (its last code), for seeding the
// memory after a restart; 0 when the code is not one of ours.
[[nodiscard]] std::uint16_t bits_of_code(const std::string& zone, const std::string& code);

}  // namespace alarmd::ingest
