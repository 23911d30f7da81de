#include "daemon/ingest/sia/code_map.hpp"

#include <algorithm>
#include <array>

#include "protocols/contact_id/event_codes.hpp"

namespace alarmd::ingest {
namespace {

using core::category;
using core::event_kind;
using protocols::contact_id::qualifier;

// ---------------------------------------------------------------------------------------------
// Contact ID: ranges of codes (brief §10, CID datapoints.ts, SIA DC-05 code list). The role says
// how the qualifier turns into a kind.
enum class role {
    alarm,       // 1 alarm, 3 restore
    trouble,     // 1 fault, 3 fault_restore
    open_close,  // 1 opening = disarm, 3 closing = arm (the number is a user)
    bypass,      // 1 bypass, 3 unbypass = arm of the zone
    test,        // 1 test, 3 / 6 status
    status,      // always status (recorded only)
};

struct cid_row {
    int first;
    int last;
    category what;
    role r;
    int severity;  // 0: the category's default
};

// Sorted, not overlapping (checked below). Codes in no row are unknown.
// clang-format off
constexpr auto cid_rows = std::to_array<cid_row>({
    {100, 101, category::panic, role::alarm, 1},         // medical, personal emergency
    {102, 102, category::supervisory, role::trouble, 0}, // fail to report in
    {110, 117, category::fire, role::alarm, 1},          // fire, smoke, combustion, water flow,
                                                         // heat, pull station, duct, flame
    {118, 118, category::fire, role::alarm, 2},          // near alarm
    {120, 126, category::panic, role::alarm, 1},         // panic, duress, silent, audible, ...
    {130, 130, category::intrusion, role::alarm, 0},     // burglary
    {131, 131, category::perimeter, role::alarm, 0},     // perimeter
    {132, 135, category::intrusion, role::alarm, 0},     // interior, 24 h, entry/exit, day/night
    {136, 136, category::perimeter, role::alarm, 0},     // outdoor
    {137, 137, category::tamper, role::alarm, 0},        // tamper
    {138, 140, category::intrusion, role::alarm, 0},     // near alarm, verifier, general alarm
    {141, 143, category::equipment, role::trouble, 0},   // polling loop open/short, expansion
    {144, 145, category::tamper, role::alarm, 0},        // sensor / expansion module tamper
    {146, 146, category::intrusion, role::alarm, 0},     // silent burglary
    {147, 147, category::supervisory, role::trouble, 0}, // sensor supervision failure
    {150, 150, category::equipment, role::alarm, 2},     // 24 h non-burglary
    {151, 151, category::equipment, role::alarm, 1},     // gas detected
    {152, 153, category::equipment, role::alarm, 0},     // refrigeration, loss of heat
    {154, 154, category::water_leak, role::alarm, 0},    // water leakage
    {155, 155, category::intrusion, role::alarm, 0},     // foil break
    {156, 157, category::equipment, role::trouble, 0},   // day trouble, low bottled gas
    {158, 161, category::equipment, role::alarm, 0},     // high / low temperature, air flow
    {162, 162, category::equipment, role::alarm, 1},     // carbon monoxide
    {163, 163, category::equipment, role::trouble, 0},   // tank level
    {200, 206, category::supervisory, role::trouble, 2}, // fire supervisory: water pressure,
                                                         // CO2, gate valve, water level, pump
    {300, 300, category::equipment, role::trouble, 0},   // system trouble
    {301, 302, category::power, role::trouble, 0},       // AC loss, low system battery
    {303, 304, category::equipment, role::trouble, 0},   // RAM / ROM checksum
    {305, 306, category::equipment, role::status, 4},    // system reset, programming changed
    {307, 308, category::equipment, role::trouble, 0},   // self-test failure, shutdown
    {309, 309, category::power, role::trouble, 0},       // battery test failure
    {310, 310, category::equipment, role::trouble, 0},   // ground fault
    {311, 312, category::power, role::trouble, 0},       // battery missing, supply overcurrent
    {313, 313, category::equipment, role::status, 4},    // engineer reset (user)
    {314, 336, category::equipment, role::trouble, 0},   // sounder / relay / peripheral troubles
    {337, 338, category::power, role::trouble, 0},       // expansion module DC loss, low battery
    {339, 340, category::equipment, role::trouble, 0},   // expansion module reset
    {341, 341, category::tamper, role::alarm, 0},        // expansion module tamper
    {342, 342, category::power, role::trouble, 0},       // expansion module AC loss
    {343, 343, category::equipment, role::trouble, 0},   // expansion module self-test failure
    {344, 344, category::tamper, role::alarm, 0},        // RF receiver jam
    {345, 349, category::equipment, role::trouble, 0},
    {350, 359, category::comm_fault, role::trouble, 0},  // communication, telco 1/2, radio,
                                                         // failure to communicate, polling
    {360, 382, category::equipment, role::trouble, 0},   // protection loop (373 fire loop)
                                                         // and sensor troubles, RF supervision
    {383, 383, category::tamper, role::alarm, 0},        // sensor tamper
    {384, 384, category::power, role::trouble, 0},       // RF low battery
    {385, 399, category::equipment, role::trouble, 0},
    {400, 405, category::intrusion, role::open_close, 4},  // open/close, by user, group, auto
    {406, 406, category::intrusion, role::status, 4},      // cancel
    {407, 409, category::intrusion, role::open_close, 4},  // remote, quick arm, keyswitch
    {410, 440, category::equipment, role::status, 4},      // remote access, access control
    {441, 442, category::intrusion, role::open_close, 4},  // armed STAY, keyswitch STAY
    {443, 499, category::equipment, role::status, 4},      // exceptions, late to open/close
    {500, 569, category::equipment, role::trouble, 0},     // disables (sounder, dialer, ...)
    {570, 573, category::intrusion, role::bypass, 4},      // zone, fire, 24 h, burglary bypass
    // 574 group bypass carries a user, not a zone: a bypass of "the whole panel" would also
    // silence its fire zones, so it is recorded only.
    {574, 574, category::intrusion, role::status, 4},
    {601, 616, category::test, role::test, 4},  // manual / periodic test, walk tests, ...
    {617, 699, category::equipment, role::status, 4},  // event log, scheduling, ...
});
// clang-format on

constexpr bool rows_sorted() {
    for (std::size_t i = 0; i < cid_rows.size(); ++i) {
        if (cid_rows[i].first > cid_rows[i].last) {
            return false;
        }
        if (i > 0 && cid_rows[i - 1].last >= cid_rows[i].first) {
            return false;
        }
    }
    return true;
}
static_assert(rows_sorted());

event_kind kind_of(role r, qualifier q) {
    const bool restore = q == qualifier::restore;
    if (q == qualifier::status) {
        return event_kind::status;
    }
    switch (r) {
        case role::alarm:
            return restore ? event_kind::restore : event_kind::alarm;
        case role::trouble:
            return restore ? event_kind::fault_restore : event_kind::fault;
        case role::open_close:
            return restore ? event_kind::arm : event_kind::disarm;
        case role::bypass:
            return restore ? event_kind::arm : event_kind::bypass;
        case role::test:
            return restore ? event_kind::status : event_kind::test;
        case role::status:
            return event_kind::status;
    }
    return event_kind::status;
}

// ---------------------------------------------------------------------------------------------
// SIA DC-03 (brief §11, PYS sia_codes.py, SIA DC-03 code list). Unbypass ("..U") is `arm` of
// the zone: the correlator's arm clears a bypass.
struct dc03_row {
    std::string_view code;
    category what;
    event_kind kind;
    int severity;  // 0: the category's default
    number_use number;
};

// clang-format off
constexpr auto zone = number_use::zone;
constexpr auto user = number_use::user;
constexpr auto area = number_use::area;

// Sorted by code (checked below).
constexpr auto dc03_rows = std::to_array<dc03_row>({
    {"AR", category::power, event_kind::fault_restore, 0, zone},       // AC restoral
    {"AT", category::power, event_kind::fault, 0, zone},               // AC trouble
    {"BA", category::intrusion, event_kind::alarm, 0, zone},           // burglary alarm
    {"BB", category::intrusion, event_kind::bypass, 4, zone},          // burglary bypass
    {"BC", category::intrusion, event_kind::status, 4, user},          // burglary cancel
    {"BH", category::intrusion, event_kind::restore, 0, zone},         // burglary alarm restore
    {"BJ", category::equipment, event_kind::fault_restore, 0, zone},   // burglary trouble restore
    {"BR", category::intrusion, event_kind::restore, 0, zone},         // burglary restoral
    {"BS", category::supervisory, event_kind::fault, 0, zone},         // burglary supervisory
    {"BT", category::equipment, event_kind::fault, 0, zone},           // burglary trouble
    {"BU", category::intrusion, event_kind::arm, 4, zone},             // burglary unbypass
    {"BX", category::test, event_kind::test, 4, zone},                 // burglary test
    {"CA", category::intrusion, event_kind::arm, 4, area},             // automatic closing
    {"CG", category::intrusion, event_kind::arm, 4, area},             // area closed
    {"CL", category::intrusion, event_kind::arm, 4, user},             // closing report
    {"CR", category::intrusion, event_kind::status, 4, user},          // recent closing
    {"EM", category::equipment, event_kind::fault, 0, zone},           // expansion missing
    {"ER", category::equipment, event_kind::fault_restore, 0, zone},   // expansion restoral
    {"ES", category::tamper, event_kind::alarm, 0, zone},              // expansion tamper
    {"ET", category::equipment, event_kind::fault, 0, zone},           // expansion trouble
    {"FA", category::fire, event_kind::alarm, 1, zone},                // fire alarm
    {"FB", category::fire, event_kind::bypass, 4, zone},               // fire bypass
    {"FC", category::fire, event_kind::status, 4, user},               // fire cancel
    {"FH", category::fire, event_kind::restore, 0, zone},              // fire alarm restore
    {"FJ", category::equipment, event_kind::fault_restore, 0, zone},   // fire trouble restore
    {"FR", category::fire, event_kind::restore, 0, zone},              // fire restoral
    {"FS", category::supervisory, event_kind::fault, 2, zone},         // fire supervisory
    {"FT", category::equipment, event_kind::fault, 0, zone},           // fire trouble
    {"FU", category::fire, event_kind::arm, 4, zone},                  // fire unbypass
    {"FV", category::supervisory, event_kind::fault_restore, 0, zone}, // fire supervisory restore
    {"FX", category::test, event_kind::test, 4, zone},                 // fire test
    {"GA", category::equipment, event_kind::alarm, 1, zone},           // gas alarm
    {"GB", category::equipment, event_kind::bypass, 4, zone},          // gas bypass
    {"GH", category::equipment, event_kind::restore, 0, zone},         // gas alarm restore
    {"GJ", category::equipment, event_kind::fault_restore, 0, zone},   // gas trouble restore
    {"GR", category::equipment, event_kind::restore, 0, zone},         // gas restoral
    {"GT", category::equipment, event_kind::fault, 0, zone},           // gas trouble
    {"GU", category::equipment, event_kind::arm, 4, zone},             // gas unbypass
    {"HA", category::panic, event_kind::alarm, 1, zone},               // holdup (duress) alarm
    {"HB", category::panic, event_kind::bypass, 4, zone},              // holdup bypass
    {"HH", category::panic, event_kind::restore, 0, zone},             // holdup alarm restore
    {"HR", category::panic, event_kind::restore, 0, zone},             // holdup restoral
    {"HU", category::panic, event_kind::arm, 4, zone},                 // holdup unbypass
    {"JA", category::tamper, event_kind::alarm, 0, user},              // user code tamper
    {"KA", category::fire, event_kind::alarm, 1, zone},                // heat alarm
    {"KB", category::fire, event_kind::bypass, 4, zone},               // heat bypass
    {"KH", category::fire, event_kind::restore, 0, zone},              // heat alarm restore
    {"KR", category::fire, event_kind::restore, 0, zone},              // heat restoral
    {"KU", category::fire, event_kind::arm, 4, zone},                  // heat unbypass
    {"LR", category::comm_fault, event_kind::fault_restore, 0, zone},  // phone line restoral
    {"LT", category::comm_fault, event_kind::fault, 0, zone},          // phone line trouble
    {"MA", category::panic, event_kind::alarm, 1, zone},               // medical alarm
    {"MB", category::panic, event_kind::bypass, 4, zone},              // medical bypass
    {"MH", category::panic, event_kind::restore, 0, zone},             // medical alarm restore
    {"MR", category::panic, event_kind::restore, 0, zone},             // medical restoral
    {"MU", category::panic, event_kind::arm, 4, zone},                 // medical unbypass
    {"NL", category::intrusion, event_kind::status, 4, area},          // perimeter armed
    {"OA", category::intrusion, event_kind::disarm, 4, area},          // automatic opening
    {"OC", category::intrusion, event_kind::status, 4, user},          // cancel report
    {"OG", category::intrusion, event_kind::disarm, 4, area},          // area opened
    {"OP", category::intrusion, event_kind::disarm, 4, user},          // opening report
    {"OR", category::intrusion, event_kind::disarm, 4, user},          // disarm from alarm
    {"PA", category::panic, event_kind::alarm, 1, zone},               // panic alarm
    {"PB", category::panic, event_kind::bypass, 4, zone},              // panic bypass
    {"PH", category::panic, event_kind::restore, 0, zone},             // panic alarm restore
    {"PR", category::panic, event_kind::restore, 0, zone},             // panic restoral
    {"PU", category::panic, event_kind::arm, 4, zone},                 // panic unbypass
    {"QA", category::panic, event_kind::alarm, 1, zone},               // emergency alarm
    {"QH", category::panic, event_kind::restore, 0, zone},             // emergency restore
    {"QR", category::panic, event_kind::restore, 0, zone},             // emergency restoral
    {"RC", category::equipment, event_kind::status, 4, zone},          // relay close
    {"RO", category::equipment, event_kind::status, 4, zone},          // relay open
    {"RP", category::test, event_kind::test, 4, zone},                 // automatic test
    {"RR", category::equipment, event_kind::status, 4, zone},          // power up
    {"RX", category::test, event_kind::test, 4, zone},                 // manual test
    {"SA", category::fire, event_kind::alarm, 1, zone},                // sprinkler alarm
    {"SB", category::fire, event_kind::bypass, 4, zone},               // sprinkler bypass
    {"SH", category::fire, event_kind::restore, 0, zone},              // sprinkler alarm restore
    {"SJ", category::equipment, event_kind::fault_restore, 0, zone},   // sprinkler trouble rest.
    {"SR", category::fire, event_kind::restore, 0, zone},              // sprinkler restoral
    {"SS", category::supervisory, event_kind::fault, 2, zone},         // sprinkler supervisory
    {"ST", category::equipment, event_kind::fault, 0, zone},           // sprinkler trouble
    {"SU", category::fire, event_kind::arm, 4, zone},                  // sprinkler unbypass
    {"TA", category::tamper, event_kind::alarm, 0, zone},              // tamper alarm
    {"TB", category::tamper, event_kind::bypass, 4, zone},             // tamper bypass
    {"TR", category::tamper, event_kind::restore, 0, zone},            // tamper restoral
    {"TU", category::tamper, event_kind::arm, 4, zone},                // tamper unbypass
    {"UA", category::equipment, event_kind::alarm, 0, zone},           // untyped zone alarm
    {"UB", category::equipment, event_kind::bypass, 4, zone},          // untyped zone bypass
    {"UH", category::equipment, event_kind::restore, 0, zone},         // untyped alarm restore
    {"UJ", category::equipment, event_kind::fault_restore, 0, zone},   // untyped trouble restore
    {"UR", category::equipment, event_kind::restore, 0, zone},         // untyped restoral
    {"UT", category::equipment, event_kind::fault, 0, zone},           // untyped zone trouble
    {"UU", category::equipment, event_kind::arm, 4, zone},             // untyped zone unbypass
    {"WA", category::water_leak, event_kind::alarm, 0, zone},          // water alarm
    {"WB", category::water_leak, event_kind::bypass, 4, zone},         // water bypass
    {"WH", category::water_leak, event_kind::restore, 0, zone},        // water alarm restore
    {"WR", category::water_leak, event_kind::restore, 0, zone},        // water restoral
    {"WU", category::water_leak, event_kind::arm, 4, zone},            // water unbypass
    {"YC", category::comm_fault, event_kind::fault, 0, zone},          // communications fail
    {"YK", category::comm_fault, event_kind::fault_restore, 0, zone},  // communications restoral
    {"YM", category::power, event_kind::fault, 0, zone},               // system battery missing
    {"YP", category::power, event_kind::fault, 0, zone},               // power supply trouble
    {"YQ", category::power, event_kind::fault_restore, 0, zone},       // power supply restored
    {"YR", category::power, event_kind::fault_restore, 0, zone},       // system battery restoral
    {"YS", category::comm_fault, event_kind::fault, 0, zone},          // communications trouble
    {"YT", category::power, event_kind::fault, 0, zone},               // system battery trouble
    {"YX", category::equipment, event_kind::fault, 0, zone},           // service required
    {"YZ", category::equipment, event_kind::fault_restore, 0, zone},   // service completed
    {"ZA", category::equipment, event_kind::alarm, 0, zone},           // freeze alarm
    {"ZB", category::equipment, event_kind::bypass, 4, zone},          // freeze bypass
    {"ZH", category::equipment, event_kind::restore, 0, zone},         // freeze alarm restore
    {"ZR", category::equipment, event_kind::restore, 0, zone},         // freeze restoral
    {"ZU", category::equipment, event_kind::arm, 4, zone},             // freeze unbypass
});
// clang-format on

template <std::size_t N>
constexpr bool codes_sorted(const std::array<dc03_row, N>& rows) {
    for (std::size_t i = 1; i < rows.size(); ++i) {
        if (!(rows[i - 1].code < rows[i].code)) {
            return false;
        }
    }
    return true;
}
static_assert(codes_sorted(dc03_rows));

template <std::size_t N>
const dc03_row* find_dc03(const std::array<dc03_row, N>& rows, std::string_view code) {
    const auto it =
        std::lower_bound(rows.begin(), rows.end(), code,
                         [](const dc03_row& r, std::string_view c) { return r.code < c; });
    return it != rows.end() && it->code == code ? &*it : nullptr;
}

// The CCC of user-related codes (121, 313, 400-409, 441-466, 574, ...) is a user number.
number_use number_of(int code) {
    return protocols::contact_id::is_user_code(code) ? number_use::user : number_use::zone;
}

int severity_of(int row_severity, category c) {
    return row_severity != 0 ? row_severity : core::default_severity(c);
}

}  // namespace

code_meaning map_contact_id(int code, qualifier q) noexcept {
    const auto it = std::lower_bound(cid_rows.begin(), cid_rows.end(), code,
                                     [](const cid_row& r, int c) { return r.last < c; });
    if (it == cid_rows.end() || code < it->first) {
        // Unknown: still an event. The qualifier says new / restore / status.
        code_meaning m;
        m.kind = kind_of(role::alarm, q);
        m.severity = core::default_severity(m.what);
        m.known = false;
        m.number = number_of(code);
        return m;
    }
    code_meaning m;
    m.number = number_of(code);
    m.what = it->what;
    m.kind = kind_of(it->r, q);
    m.severity = severity_of(it->severity, it->what);
    return m;
}

code_meaning map_sia_dc03(std::string_view code) noexcept {
    const dc03_row* row = find_dc03(dc03_rows, code);
    if (row == nullptr) {
        code_meaning m;
        m.severity = core::default_severity(m.what);
        m.known = false;
        return m;
    }
    return {row->what, row->kind, severity_of(row->severity, row->what), row->number, true};
}

}  // namespace alarmd::ingest
