#pragma once
// Why SIA DC-03 data (SIA-DCS, "#acct|N<blocks>[|A<text>]") did not decode.
#include <type_traits>

#include "protocols/common/result.hpp"

namespace alarmd::protocols::sia_dc03 {

enum class errc {
    bad_account = 1,    // "#..." part not 1-16 hex digits followed by '|'
    bad_kind,           // event data does not start with N (new) or O (old)
    bad_modifier,       // two lower-case letters not followed by a value (ri1, id12, ti12:30)
    bad_code,           // neither '/', a modifier nor a two-letter upper-case event code
    unterminated_text,  // '^' name without the closing '^'
    bad_block,          // '|' followed by something other than A<text>
    too_many_events,    // more than limits::max_events
};

[[nodiscard]] const boost::system::error_category& category() noexcept;
[[nodiscard]] error_code make_error_code(errc e) noexcept;

}  // namespace alarmd::protocols::sia_dc03

template <>
struct boost::system::is_error_code_enum<alarmd::protocols::sia_dc03::errc> : std::true_type {};
