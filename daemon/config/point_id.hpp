#pragma once
// How a GB/T 26875.3 component or system is named as a zone: "S/0xCCCCCCCC" for component
// address C (the raw 32 bits, 8 upper-case hex digits) of the system at address S (decimal),
// "S" for the system itself. The config's `points:` keys may be written more loosely
// ("1/0x20003", "1/131075", "01/0X00020003"); they are stored in this form, so the receiver
// and the config always agree on a zone id.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alarmd::config {

[[nodiscard]] std::string point_id(std::uint8_t system, std::uint32_t component);
[[nodiscard]] std::string system_point_id(std::uint8_t system);

// The canonical form of a `points:` key, nullopt when it is neither "S" nor "S/C" with S in
// 0-255 (decimal) and C a 32-bit number (decimal or 0x hex).
[[nodiscard]] std::optional<std::string> canonical_point_id(std::string_view key);

}  // namespace alarmd::config
