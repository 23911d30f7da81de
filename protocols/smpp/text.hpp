#pragma once
// Text of submit_sm: UTF-8 in, short_message parts out.
//
// The GSM 03.38 default alphabet (data_coding 0) when every character is in it or in its
// escape table (^ { } \ [ ~ ] | € and form feed take two septets each), else UCS-2 (data_coding
// 8, UTF-16BE; a character outside the BMP is a surrogate pair, two units).
//
// data_coding 0 is "SMSC default alphabet". It is sent unpacked, one septet per octet, which
// is what most SMSCs expect for it over SMPP (they pack it for the air interface); 160 septets
// then take 160 octets of short_message, within SMPP's 254. An SMSC that reads data_coding 0
// as ASCII / Latin-1 instead garbles @ $ _ and the escaped characters: ucs2_only is the way
// out for such a provider (and the usual choice of Chinese aggregators).
//
// A text that does not fit one message (160 septets, 70 UCS-2 units) is split into parts of
// 153 septets / 67 units, each starting with a concatenation UDH `05 00 03 ref total seq`
// (esm_class 0x40). A part never ends inside an escape sequence or a surrogate pair.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/common/result.hpp"
#include "protocols/smpp/pdu.hpp"

namespace alarmd::protocols::smpp {

inline constexpr std::uint8_t data_coding_default = 0x00;  // GSM 03.38 here, unpacked
inline constexpr std::uint8_t data_coding_ucs2 = 0x08;
inline constexpr std::uint8_t esm_class_udhi = 0x40;

inline constexpr std::size_t gsm7_single_septets = 160;
inline constexpr std::size_t gsm7_part_septets = 153;
inline constexpr std::size_t ucs2_single_units = 70;
inline constexpr std::size_t ucs2_part_units = 67;
inline constexpr std::size_t concat_udh_size = 6;  // 05 00 03 ref total seq
inline constexpr std::size_t max_parts = 255;

struct text_options {
    bool ucs2_only = false;  // never data_coding 0, for SMSCs that do not read it as GSM
};

struct encoded_text {
    std::uint8_t data_coding = data_coding_default;
    std::size_t units = 0;  // septets (GSM, escapes count two) or UTF-16 units of the whole text
    // short_message of each part: the UDH and the part's text when there are several.
    std::vector<std::vector<std::uint8_t>> parts;

    [[nodiscard]] std::uint8_t esm_class() const noexcept {
        return parts.size() > 1 ? esm_class_udhi : 0;
    }
};

// One part or more (an empty text is one empty part). `reference` is the UDH's 8-bit message
// reference: the same in every part, and best different for each message to the same
// recipient (a counter the caller keeps). invalid_utf8 (overlong forms, surrogates, above
// U+10FFFF, truncated sequences), too_many_segments above 255 parts.
[[nodiscard]] result<encoded_text> encode_text(std::string_view utf8, std::uint8_t reference,
                                               text_options opts = {});

// One submit_sm per part: copies of `base` with data_coding, esm_class (0x40 added when there
// are several parts) and short_message set.
[[nodiscard]] std::vector<submit_sm> make_submits(const submit_sm& base, const encoded_text& text);

// short_message bytes without UDH to UTF-8: data_coding 0 (GSM 03.38, one septet per octet;
// an escape the table does not know reads as the plain character) or 8 (UTF-16BE).
// bad_encoding for an octet above 0x7F in GSM, an odd length or a lone surrogate in UCS-2, or
// any other data_coding.
[[nodiscard]] result<std::string> decode_text(std::uint8_t data_coding,
                                              std::span<const std::uint8_t> bytes);

// The text after the UDH of a short_message with esm_class 0x40 (UDHL + 1 octets skipped);
// nullopt when the UDH does not fit.
[[nodiscard]] std::optional<std::span<const std::uint8_t>> strip_udh(
    std::span<const std::uint8_t> short_message) noexcept;

}  // namespace alarmd::protocols::smpp
