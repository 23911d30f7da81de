#pragma once
// Why AMI bytes were rejected. bad_line costs only its block; the others stop the decoder
// (decoder::failed()), and the client drops the connection.
#include <type_traits>

#include "protocols/common/result.hpp"

namespace alarmd::protocols::ami {

enum class decode_errc {
    line_too_long = 1,  // a line (without its CRLF / LF) above limits::max_line
    block_too_large,    // the lines of one block above limits::max_block bytes
    too_many_fields,    // more than limits::max_fields lines in one block
    bad_line,           // a line without ':' inside a block: that block is skipped
    not_ami,            // not yielded by the decoder: for a session that finds no AMI at all
};

[[nodiscard]] const boost::system::error_category& category() noexcept;
[[nodiscard]] error_code make_error_code(decode_errc e) noexcept;

}  // namespace alarmd::protocols::ami

template <>
struct boost::system::is_error_code_enum<alarmd::protocols::ami::decode_errc> : std::true_type {};
