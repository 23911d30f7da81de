#pragma once
// Generic text shapes for the terminal: aligned tables, "key: value" blocks and indented JSON.
// Widths count terminal columns, not bytes, because labels and titles are often Chinese.
#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/fwd.hpp>

namespace alarmd::ctl {

// Terminal columns of UTF-8 text: East Asian wide characters take two.
[[nodiscard]] std::size_t display_width(std::string_view utf8);

// Columns separated by two spaces; the last column is not padded.
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, std::string_view indent = {});

// "key:" padded to the longest key, then the value; a value's later lines are indented to
// line up under its first.
void print_fields(std::ostream& out,
                  const std::vector<std::pair<std::string, std::string>>& fields);

// JSON with `indent` spaces per level and a newline at the end.
[[nodiscard]] std::string pretty_json(const boost::json::value& v, int indent = 2);

// A member as text: strings as they are, numbers and booleans in JSON form, "" when it is
// missing or null. The daemon's JSON is trusted to be JSON, not to have every field.
[[nodiscard]] std::string text_of(const boost::json::object& o, std::string_view key);

}  // namespace alarmd::ctl
