#pragma once
// Small checks on config strings, and quoting of user text for messages.
#include <optional>
#include <string>
#include <string_view>

namespace alarmd::config::detail {

[[nodiscard]] bool is_hex(std::string_view s);

// 64 hex digits, returned in lower case (tokens are compared as lower-case hex).
[[nodiscard]] std::optional<std::string> normalize_sha256(std::string_view s);

// An id used in Redis keys, URLs and logs: 1..64 of letters, digits, '-', '_', '.'.
[[nodiscard]] bool is_valid_id(std::string_view s);

// A phone number for SMS: an optional '+' and 5..20 digits (E.164 style, no spaces).
[[nodiscard]] bool is_phone(std::string_view s);

// "HH:MM", 00:00..23:59.
[[nodiscard]] bool is_hhmm(std::string_view s);

// 'text' for a message: control bytes escaped and long values cut, so a garbled or binary value
// cannot mangle the one-line `file:line: message` format.
[[nodiscard]] std::string quote_value(std::string_view s);

// The same for a file path, never cut: the message must name the file whole.
[[nodiscard]] std::string quote_path(std::string_view s);

}  // namespace alarmd::config::detail
