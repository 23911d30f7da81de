#pragma once
// "id" seq [R rcvr] L pref #acct [ : the plain part of every frame body.
#include <string_view>

#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/frame.hpp"

namespace alarmd::protocols::sia_dc09::detail {

// Reads from the opening '"' up to and including the '[' that opens the data, and advances
// `text` past it. The crc format is recorded in the header, for answering in kind.
[[nodiscard]] result<frame_header> parse_header(std::string_view& text, crc_format crc);

}  // namespace alarmd::protocols::sia_dc09::detail
