#pragma once
// The encrypted part of a *SIA-DCS / *ADM-CID / *NULL / *ACK frame: hex(AES-CBC(pad | data ]
// [x]... _ts)) with a zero IV (brief §8).
#include <cstdint>
#include <span>
#include <string_view>

#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/limits.hpp"

namespace alarmd::protocols::sia_dc09::detail {

// `hex`: everything after the '[' of the header. Any structural problem after decryption is
// decrypt_failed, since with a wrong key the plaintext is random bytes.
[[nodiscard]] result<frame_body> decrypt_content(std::string_view hex,
                                                 std::span<const std::uint8_t> key,
                                                 const limits& lim);

[[nodiscard]] bool valid_key_size(std::size_t size) noexcept;

}  // namespace alarmd::protocols::sia_dc09::detail
