#pragma once
// GB18030 text (descriptions and configuration strings of GB/T 26875.3) to UTF-8. Table-driven,
// no iconv and no locale: the same bytes give the same text on every machine.
#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace alarmd::protocols::gb26875 {

// Decodes one-, two- and four-byte GB18030 sequences. A byte sequence that is not GB18030
// becomes U+FFFD and decoding goes on with the next byte.
[[nodiscard]] std::string gb18030_to_utf8(std::span<const std::uint8_t> in);

// A fixed-size or length-prefixed text field: cut at the first NUL, trailing spaces removed,
// then decoded. All-space and all-NUL fields give "".
[[nodiscard]] std::string text_field(std::span<const std::uint8_t> in);

namespace detail {

struct gb18030_range {
    std::uint16_t linear;  // index of the first four-byte code of the run, from 0x81308130
    std::uint16_t code_point;
};

extern const std::array<std::uint16_t, 23940> gb18030_two_byte;
extern const std::array<gb18030_range, 206> gb18030_four_byte_bmp;

}  // namespace detail
}  // namespace alarmd::protocols::gb26875
