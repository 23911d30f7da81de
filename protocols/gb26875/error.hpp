#pragma once
// Why GB/T 26875.3 bytes were rejected. The first five are the check errors for which the
// standard wants a deny (command 6) when the control unit could be read (brief §5).
#include <type_traits>

#include "protocols/common/result.hpp"

namespace alarmd::protocols::gb26875 {

enum class errc {
    bad_start = 1,  // the bytes do not start with "@@" (one-shot parse only; a stream skips them)
    bad_end,        // no "##" where the length field says the frame ends
    bad_checksum,   // low 8 bits of the sum of control unit + application unit differ
    bad_length,     // length field above limits::max_app_length, or bytes after "##" (one-shot)
    bad_command,    // command byte 0 or 7-127 (reserved)
    truncated,      // fewer bytes than the header or the length field needs (one-shot parse)
    app_size,       // application unit: objects do not fill it exactly, or shorter than 2 bytes
    garbage,        // stream: bytes before a "@@" skipped; rejection::skipped says how many
};

[[nodiscard]] const boost::system::error_category& category() noexcept;
[[nodiscard]] error_code make_error_code(errc e) noexcept;

}  // namespace alarmd::protocols::gb26875

template <>
struct boost::system::is_error_code_enum<alarmd::protocols::gb26875::errc> : std::true_type {};
