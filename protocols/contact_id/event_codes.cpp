#include "protocols/contact_id/event_codes.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace alarmd::protocols::contact_id {
namespace {

// Sorted by code, for binary search.
constexpr std::array<std::pair<int, std::string_view>, 80> table{{
    {100, "medical emergency"},
    {101, "personal emergency"},
    {110, "fire"},
    {111, "smoke"},
    {112, "combustion"},
    {113, "water flow"},
    {114, "heat"},
    {115, "pull station"},
    {116, "duct"},
    {117, "flame"},
    {118, "near alarm"},
    {120, "panic"},
    {121, "duress"},
    {122, "silent panic"},
    {123, "audible panic"},
    {130, "burglary"},
    {131, "perimeter"},
    {132, "interior"},
    {133, "24-hour (safe)"},
    {134, "entry/exit"},
    {135, "day/night"},
    {136, "outdoor"},
    {137, "tamper"},
    {138, "near alarm"},
    {139, "intrusion verifier"},
    {140, "general alarm"},
    {143, "expansion module failure"},
    {144, "sensor tamper"},
    {145, "expansion module tamper"},
    {150, "24-hour non-burglary"},
    {151, "gas detected"},
    {158, "high temperature"},
    {159, "low temperature"},
    {162, "carbon monoxide detected"},
    {200, "fire supervisory"},
    {201, "low water pressure"},
    {202, "low CO2"},
    {203, "gate valve sensor"},
    {204, "low water level"},
    {205, "pump activated"},
    {206, "pump failure"},
    {300, "system trouble"},
    {301, "AC loss"},
    {302, "low system battery"},
    {305, "system reset"},
    {306, "panel programming changed"},
    {309, "battery test failure"},
    {311, "battery missing"},
    {320, "sounder/relay trouble"},
    {330, "system peripheral trouble"},
    {344, "RF receiver jam"},
    {350, "communication trouble"},
    {351, "telco 1 fault"},
    {352, "telco 2 fault"},
    {353, "long range radio fault"},
    {354, "failure to communicate event"},
    {355, "loss of radio supervision"},
    {356, "loss of central polling"},
    {370, "protection loop trouble"},
    {373, "fire loop trouble"},
    {380, "sensor trouble"},
    {381, "loss of RF supervision"},
    {383, "sensor tamper"},
    {384, "RF low battery"},
    {400, "open/close"},
    {401, "open/close by user"},
    {402, "group open/close"},
    {403, "automatic open/close"},
    {406, "cancel"},
    {407, "remote arm/disarm"},
    {408, "quick arm"},
    {409, "keyswitch open/close"},
    {441, "armed STAY"},
    {570, "zone bypass"},
    {571, "fire bypass"},
    {572, "24-hour zone bypass"},
    {573, "burglary bypass"},
    {574, "group bypass"},
    {601, "manual trigger test"},
    {602, "periodic test report"},
}};

static_assert(std::is_sorted(table.begin(), table.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }));

}  // namespace

std::string_view describe(int code) noexcept {
    const auto it = std::lower_bound(table.begin(), table.end(), code,
                                     [](const auto& entry, int c) { return entry.first < c; });
    if (it == table.end() || it->first != code) {
        return {};
    }
    return it->second;
}

bool is_user_code(int code) noexcept {
    return code == 121 || code == 313 || (code >= 400 && code <= 409) ||
           (code >= 411 && code <= 431) || (code >= 441 && code <= 466) || code == 574 ||
           code == 604 || code == 607 || code == 625 || code == 642 || code == 652 || code == 653;
}

}  // namespace alarmd::protocols::contact_id
