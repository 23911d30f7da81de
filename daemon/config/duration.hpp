#pragma once
// Config durations: "250ms", "90s", "2m", "1h", compounds like "1m30s"; "0" is zero.
#include <optional>
#include <string>
#include <string_view>

#include "daemon/config/config.hpp"

namespace alarmd::config {

// nullopt for anything else: negative, a non-zero number without unit, unknown units, spaces.
[[nodiscard]] std::optional<duration> parse_duration(std::string_view text);

// The shortest compound form parse_duration() reads back: 90000ms -> "1m30s", 0 -> "0s".
[[nodiscard]] std::string format_duration(duration d);

}  // namespace alarmd::config
