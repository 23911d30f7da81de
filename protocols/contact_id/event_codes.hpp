#pragma once
// What Contact ID event codes mean (brief §10, CID datapoints.ts) and which of them report a
// user instead of a zone (JVO dc05_is_user). Unknown codes are valid events with no text.
#include <string_view>

namespace alarmd::protocols::contact_id {

// Short English meaning of a code, or "" when the table does not know it.
[[nodiscard]] std::string_view describe(int code) noexcept;

// True when CCC is a user number for this code: 121, 313, 400-409, 411-431, 441-466, 574,
// 604, 607, 625, 642, 652, 653.
[[nodiscard]] bool is_user_code(int code) noexcept;

}  // namespace alarmd::protocols::contact_id
