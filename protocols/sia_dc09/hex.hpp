#pragma once
// Hex text helpers shared by the DC-09 parser and encoder. Input is accepted in either case
// (SDN sends lower-case CRC, length and ciphertext); output is upper case as DC-09 sends it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::protocols::sia_dc09::detail {

// 0-15, or -1 when c is not a hex digit.
[[nodiscard]] int hex_value(char c) noexcept;
[[nodiscard]] bool is_hex(char c) noexcept;
[[nodiscard]] bool all_hex(std::string_view s) noexcept;
// Value of a short hex field (at most 8 digits); nullopt when empty, too long or not hex.
[[nodiscard]] std::optional<std::uint32_t> parse_hex_field(std::string_view s) noexcept;
// Pairs of hex digits to bytes; nullopt on odd length or a non-hex character.
[[nodiscard]] std::optional<std::vector<std::uint8_t>> decode_hex(std::string_view s);
void append_hex(std::span<const std::uint8_t> bytes, std::string& out);
// value as exactly `width` upper-case hex digits (most significant first).
void append_hex_field(std::uint32_t value, int width, std::string& out);

}  // namespace alarmd::protocols::sia_dc09::detail
