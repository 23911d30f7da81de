#pragma once
// Loading and validating the YAML config. `alarmd --check-config` and `alarmd --config` run the
// same code: every problem is collected (not just the first) with its file and line.
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.hpp"
#include "protocols/common/result.hpp"

namespace boost {
struct source_location;
}

namespace alarmd::config {

struct diagnostics {
    std::vector<diagnostic> items;
};

// boost::system::result needs this to report an error through .value().
[[noreturn]] void throw_exception_from_error(const diagnostics& d, const boost::source_location&);

// Reads FILE; relative paths inside it (residents.csv) are taken from FILE's folder.
[[nodiscard]] result<config, diagnostics> load_file(const std::string& path);

// The same checks on text already in memory (tests, fuzzing). `name` stands for the file name in
// messages and `base_dir` is where relative paths are looked up.
[[nodiscard]] result<config, diagnostics> load_string(std::string_view yaml, std::string_view name,
                                                      std::string_view base_dir);

}  // namespace alarmd::config
