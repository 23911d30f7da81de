// residents.csv: any bytes give rows and problems with line numbers, never a crash. Every row
// has the fields the parser promises (building, unit, phone).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/config/residents_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto csv = alarmd::config::parse_residents_csv(text);
    for (const auto& row : csv.rows) {
        if (row.line < 1 || row.value.building.empty() || row.value.unit.empty() ||
            row.value.phone.empty()) {
            __builtin_trap();
        }
    }
    for (const auto& p : csv.problems) {
        if (p.line < 1 || p.message.empty()) {
            __builtin_trap();
        }
    }
    return 0;
}
