#pragma once
// Phone numbers as callers' systems write them ("+86 138 0000 0001", "013800000001",
// "010-12345678"), reduced to one key, so a caller can be found in the residents directory
// whatever form the exchange, the intercom or the spreadsheet used.
#include <string>
#include <string_view>

namespace alarmd::config {

// The digits only (spaces, '-', '(', ')', '.', a leading '+' and anything else dropped); then
// the international prefix 0086 / 86 (from +86) is dropped when a Chinese national number
// follows it (9 to 11 digits: an 11-digit mobile starting with 1, or area code + number), and
// then leading zeros (the trunk prefix 0). "+86 138 0000 0001", "008613800000001",
// "013800000001" → "13800000001"; "010-12345678", "+86 10 1234 5678" → "1012345678".
// Empty when there are no digits (or only zeros).
[[nodiscard]] std::string normalize_phone(std::string_view raw);

// The number as it is dialled or sent to an SMS gateway: the digits with a leading '+' kept,
// separators (spaces, '-', '(', ')', '.') dropped. Empty when `raw` holds anything else (a
// letter, a second '+'), so a typo is reported rather than guessed at.
[[nodiscard]] std::string dialable_phone(std::string_view raw);

}  // namespace alarmd::config
