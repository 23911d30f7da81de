#pragma once
// What common SIA DC-03 two-letter event codes mean (brief §11, PYS sia_codes.py). Unknown
// codes are valid events with no text.
#include <string_view>

namespace alarmd::protocols::sia_dc03 {

// Short English meaning of a code ("BA" -> "burglary alarm"), or "" when not in the table.
[[nodiscard]] std::string_view describe(std::string_view code) noexcept;

}  // namespace alarmd::protocols::sia_dc03
