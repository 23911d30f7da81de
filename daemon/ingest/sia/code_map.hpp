#pragma once
// The one table that turns panel codes into the normalized model (SPEC "Event (normalized)"):
// Contact ID event codes with their qualifier, and SIA DC-03 two-letter codes, each to a
// category, a kind, a severity and what the code's number means. Codes missing from the table
// still become events (category equipment, kind from the qualifier, the raw code kept).
#include <string_view>

#include "daemon/core/event.hpp"
#include "protocols/contact_id/event.hpp"

namespace alarmd::ingest {

// What the number that comes with a code is.
enum class number_use {
    zone,  // a zone (or point): the event's zone
    user,  // a user number (open/close, cancel): not a zone; the event's zone is "" (the panel)
    area,  // an area / partition: not modeled; the event's zone is ""
};

struct code_meaning {
    core::category what = core::category::equipment;
    core::event_kind kind = core::event_kind::alarm;
    int severity = 3;  // 1 critical ... 4 info
    number_use number = number_use::zone;
    bool known = true;  // false: not in the table
};

// Contact ID (ADM-CID). The qualifier picks the kind: 1 new event (alarm / fault; opening =
// disarm and bypass for 4xx and 57x), 3 restore (restore / fault_restore; closing = arm, and
// unbypass = arm of the zone, which clears its bypass), 6 status (status).
[[nodiscard]] code_meaning map_contact_id(int code, protocols::contact_id::qualifier q) noexcept;

// SIA DC-03 (SIA-DCS): each code already says alarm, restore, trouble, bypass, ... ("FA", "FR").
[[nodiscard]] code_meaning map_sia_dc03(std::string_view code) noexcept;

}  // namespace alarmd::ingest
