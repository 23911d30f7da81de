#pragma once
// One complete frame in, one decoded out: the step shared by the TCP stream decoder and UDP.
#include <cstddef>
#include <span>
#include <string_view>

#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/key_lookup.hpp"
#include "protocols/sia_dc09/limits.hpp"

namespace alarmd::protocols::sia_dc09 {

// One UDP datagram carries one frame: LF ... CR, optionally followed by NUL bytes (IOB strips
// them). Anything else is not_a_frame. The key lookup is called only for encrypted frames.
[[nodiscard]] decoded parse_datagram(std::span<const std::byte> datagram, const key_lookup& keys,
                                     const limits& lim = {});
[[nodiscard]] decoded parse_datagram(std::string_view datagram, const key_lookup& keys,
                                     const limits& lim = {});

namespace detail {

// Lupusec panels send the CRC as 2 raw bytes: then '"' sits at offset 7 from the LF instead of
// 9 (IOB getcrcFormat). `from_lf` starts at the LF and must hold at least 8 bytes to decide.
[[nodiscard]] bool binary_crc_at(std::string_view from_lf) noexcept;

// Where the search for the closing CR may start: after the CRC, whose raw bytes may be CR/LF.
[[nodiscard]] std::size_t scan_start(std::string_view from_lf) noexcept;

// `raw` is one frame, LF through CR, with no other LF or CR outside a binary CRC.
[[nodiscard]] decoded parse_frame(std::string_view raw, const key_lookup& keys, const limits& lim);

}  // namespace detail
}  // namespace alarmd::protocols::sia_dc09
