#pragma once
// The DC-09 timestamp text HH:MM:SS,MM-DD-YYYY (UTC), as it follows '_' at the end of a frame.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace alarmd::protocols::sia_dc09 {

inline constexpr std::size_t timestamp_size = 19;  // "HH:MM:SS,MM-DD-YYYY"

// Exactly timestamp_size characters naming a real date and time (no 24:00, no Feb 30,
// no leap second), else nullopt.
[[nodiscard]] std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text);

// Appends HH:MM:SS,MM-DD-YYYY (without the leading '_'). Years outside 0..9999 are clamped so
// the text keeps its fixed width.
void append_timestamp(std::chrono::sys_seconds t, std::string& out);

}  // namespace alarmd::protocols::sia_dc09
