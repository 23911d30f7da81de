#pragma once
// UTF-8 out of code points, for the codecs that decode other encodings (GB18030, GSM 03.38,
// UCS-2) into the UTF-8 the daemon works in.
#include <cstdint>
#include <string>

namespace alarmd::protocols {

// Appends `cp` (at most U+10FFFF; the callers decode only valid code points) as UTF-8.
void append_utf8(std::uint32_t cp, std::string& out);

}  // namespace alarmd::protocols
