#include "protocols/sia_dc03/codes.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace alarmd::protocols::sia_dc03 {
namespace {

// Sorted by code, for binary search.
constexpr std::array<std::pair<std::string_view, std::string_view>, 57> table{{
    {"AR", "AC restoral"},
    {"AT", "AC trouble"},
    {"BA", "burglary alarm"},
    {"BB", "burglary bypass"},
    {"BC", "burglary cancel"},
    {"BH", "burglary alarm restore"},
    {"BJ", "burglary trouble restore"},
    {"BR", "burglary restoral"},
    {"BT", "burglary trouble"},
    {"BU", "burglary unbypass"},
    {"CA", "automatic closing"},
    {"CG", "area closed"},
    {"CL", "closing (armed)"},
    {"ES", "expansion device tamper"},
    {"FA", "fire alarm"},
    {"FB", "fire bypass"},
    {"FH", "fire alarm restore"},
    {"FJ", "fire trouble restore"},
    {"FR", "fire restoral"},
    {"FS", "fire supervisory"},
    {"FT", "fire trouble"},
    {"FU", "fire unbypass"},
    {"FX", "fire test"},
    {"HA", "holdup alarm"},
    {"HH", "holdup alarm restore"},
    {"JA", "user code tamper"},
    {"KA", "heat alarm"},
    {"KH", "heat alarm restore"},
    {"LR", "phone line restoral"},
    {"LT", "phone line trouble"},
    {"MA", "medical alarm"},
    {"MH", "medical alarm restore"},
    {"NL", "perimeter armed"},
    {"OA", "automatic opening"},
    {"OC", "cancel"},
    {"OG", "area opened"},
    {"OP", "opening (disarmed)"},
    {"PA", "panic alarm"},
    {"PH", "panic alarm restore"},
    {"RC", "relay close"},
    {"RO", "relay open"},
    {"RP", "automatic test"},
    {"RR", "power up"},
    {"RX", "manual test"},
    {"TA", "tamper alarm"},
    {"TR", "tamper restoral"},
    {"UA", "untyped zone alarm"},
    {"UH", "untyped zone alarm restore"},
    {"WA", "water alarm"},
    {"WH", "water alarm restore"},
    {"YC", "communications fail"},
    {"YK", "communications restoral"},
    {"YR", "system battery restoral"},
    {"YS", "communications trouble"},
    {"YT", "system battery trouble"},
    {"YX", "service required"},
    {"YZ", "service completed"},
}};

static_assert(std::is_sorted(table.begin(), table.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }));

}  // namespace

std::string_view describe(std::string_view code) noexcept {
    const auto it =
        std::lower_bound(table.begin(), table.end(), code,
                         [](const auto& entry, std::string_view c) { return entry.first < c; });
    if (it == table.end() || it->first != code) {
        return {};
    }
    return it->second;
}

}  // namespace alarmd::protocols::sia_dc03
