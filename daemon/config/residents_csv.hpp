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
};

// Parses the text of the file: the header line, then rows of 4 fields (double quotes allowed,
// "" inside quotes is a quote). building, unit and phone are required; blank lines are skipped.
// Building ids are not checked here (the loader knows the site).
[[nodiscard]] residents_csv parse_residents_csv(std::string_view text);

}  // namespace alarmd::config
