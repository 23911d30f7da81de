#pragma once
// Resource bounds of the AMI decoder, and the banner's prefix.
#include <cstddef>
#include <string_view>

namespace alarmd::protocols::ami {

// The first line of a connection starting with this is the banner (brief §1).
inline constexpr std::string_view banner_prefix = "Asterisk Call Manager/";

struct limits {
    // Longest line, its CRLF / LF not counted. Asterisk's own buffer is 1 KiB; long values
    // (a Command's Output, AppData) stay well below 8 KiB.
    std::size_t max_line = 8192;
    // Bytes of one block's lines, line ends counted, the empty line that ends it not.
    std::size_t max_block = 65536;
    // Lines in one block (the recorded events have about 25).
    std::size_t max_fields = 256;
};

}  // namespace alarmd::protocols::ami
