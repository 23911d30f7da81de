#pragma once
// residents.csv: `building,unit,name,phone`, one resident a line, for the 10-minute notice.
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.hpp"

namespace alarmd::config {

struct csv_row {
    int line = 0;  // 1-based line in the CSV file
    resident value;
};

struct csv_problem {
    int line = 0;
    std::string message;
};

struct residents_csv {
    std::vector<csv_row> rows;
    std::vector<csv_problem> problems;
    bool header_ok = false;  // false: nothing was read past the first line (problems says why)
};

// Parses the text of the file: the header line, then rows of 4 fields (double quotes allowed,
// "" inside quotes is a quote). building, unit and phone are required; blank lines are skipped.
// A phone field may hold several numbers separated by ';' or '/' ("138 0000 0001; 010-1234
// 5678"): each becomes a row of its own with the same line. A number may be written with
// spaces, '-', '(', ')' or '.', which are dropped (dialable_phone); one that holds anything
// else is a problem of its line, and the row's other numbers are still read.
// Building ids are not checked here (the loader knows the site).
[[nodiscard]] residents_csv parse_residents_csv(std::string_view text);

}  // namespace alarmd::config
