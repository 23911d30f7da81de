#pragma once
// data ] [x...]... [_HH:MM:SS,MM-DD-YYYY] : what follows the '[' of a plain frame, and what
// follows pad and '|' in a decrypted one.
#include <string_view>

#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/limits.hpp"

namespace alarmd::protocols::sia_dc09::detail {

// Consumes all of `text`; anything that is not a block or the final timestamp is an error.
[[nodiscard]] result<frame_body> parse_content(std::string_view text, const limits& lim);

}  // namespace alarmd::protocols::sia_dc09::detail
