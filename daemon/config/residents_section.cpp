// residents: the directory of who lives where, for the 10-minute notice and for finding a caller
// by their number. The file is edited by hand in a spreadsheet, so a bad row is a warning with
// its line and is left out; the good rows still load. A missing or unreadable file is an error
// (the notice would reach nobody); a file whose header is wrong loads nothing and warns.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "daemon/config/file_text.hpp"
#include "daemon/config/phone_number.hpp"
#include "daemon/config/residents_csv.hpp"
#include "daemon/config/sections.hpp"
#include "daemon/config/text_checks.hpp"

namespace alarmd::config::detail {

namespace {

// A spreadsheet of an estate is well under this; anything bigger is the wrong file.
constexpr std::uintmax_t max_csv_bytes = 16 * 1024 * 1024;

struct row_warning {
    int line = 0;
    std::string message;
};

}  // namespace

void read_residents(object& root, config& out) {
    auto r = root.child("residents", {"csv"});
    if (!r) {
        return;
    }
    if (!r->require("csv", out.residents.csv, "the residents CSV file, e.g. residents.csv")) {
        return;
    }
    const auto p = beside_config(r->owner().base_dir(), out.residents.csv);
    const std::string shown = p.string();
    std::string why;
    const auto text = read_text(p, max_csv_bytes, why);
    if (!text) {
        r->error("csv", "cannot read " + quote_value(shown) + " (" + why + ")");
        return;
    }
    auto parsed = parse_residents_csv(*text);
    std::vector<row_warning> warnings;
    for (auto& problem : parsed.problems) {
        warnings.push_back({problem.line, parsed.header_ok
                                              ? problem.message + "; the row is skipped"
                                              : problem.message + "; no resident is loaded"});
    }
    auto& residents = out.residents;
    std::unordered_map<std::string, int> first_line;  // normalized number -> its first line
    for (auto& row : parsed.rows) {
        if (out.find_building(row.value.building) == nullptr) {
            warnings.push_back({row.line, "unknown building " + quote_value(row.value.building) +
                                              "; the row is skipped"});
            continue;
        }
        auto key = normalize_phone(row.value.phone);
        const auto [at, fresh] = first_line.emplace(key, row.line);
        if (fresh) {
            residents.by_phone.emplace(std::move(key), residents.entries.size());
        } else {
            // Kept for the notice of its unit; a caller with this number is taken for the
            // resident of the first line.
            warnings.push_back({row.line, "phone number " + quote_value(row.value.phone) +
                                              " is also on line " + std::to_string(at->second) +
                                              "; a caller with it is taken for that row's unit"});
        }
        residents.entries.push_back(std::move(row.value));
    }
    std::stable_sort(warnings.begin(), warnings.end(),
                     [](const row_warning& a, const row_warning& b) { return a.line < b.line; });
    for (auto& w : warnings) {
        r->owner().warn_in(shown, w.line, std::move(w.message));
    }
}

}  // namespace alarmd::config::detail
