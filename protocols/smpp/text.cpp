#include "protocols/smpp/text.hpp"

#include <array>

#include "protocols/common/utf8.hpp"
#include "protocols/smpp/error.hpp"

namespace alarmd::protocols::smpp {
namespace {

// GSM 03.38 default alphabet, septet -> code point. 0x1B is the escape to the extension table
// (shown as a no-break space when it stands alone, as the Unicode mapping does).
constexpr std::array<char32_t, 128> gsm_basic{
    U'@',      U'\u00A3', U'$',      U'\u00A5', U'\u00E8', U'\u00E9', U'\u00F9', U'\u00EC',
    U'\u00F2', U'\u00C7', U'\n',     U'\u00D8', U'\u00F8', U'\r',     U'\u00C5', U'\u00E5',
    U'\u0394', U'_',      U'\u03A6', U'\u0393', U'\u039B', U'\u03A9', U'\u03A0', U'\u03A8',
    U'\u03A3', U'\u0398', U'\u039E', U'\u00A0', U'\u00C6', U'\u00E6', U'\u00DF', U'\u00C9',
    U' ',      U'!',      U'"',      U'#',      U'\u00A4', U'%',      U'&',      U'\'',
    U'(',      U')',      U'*',      U'+',      U',',      U'-',      U'.',      U'/',
    U'0',      U'1',      U'2',      U'3',      U'4',      U'5',      U'6',      U'7',
    U'8',      U'9',      U':',      U';',      U'<',      U'=',      U'>',      U'?',
    U'\u00A1', U'A',      U'B',      U'C',      U'D',      U'E',      U'F',      U'G',
    U'H',      U'I',      U'J',      U'K',      U'L',      U'M',      U'N',      U'O',
    U'P',      U'Q',      U'R',      U'S',      U'T',      U'U',      U'V',      U'W',
    U'X',      U'Y',      U'Z',      U'\u00C4', U'\u00D6', U'\u00D1', U'\u00DC', U'\u00A7',
    U'\u00BF', U'a',      U'b',      U'c',      U'd',      U'e',      U'f',      U'g',
    U'h',      U'i',      U'j',      U'k',      U'l',      U'm',      U'n',      U'o',
    U'p',      U'q',      U'r',      U's',      U't',      U'u',      U'v',      U'w',
    U'x',      U'y',      U'z',      U'\u00E4', U'\u00F6', U'\u00F1', U'\u00FC', U'\u00E0',
};
constexpr std::uint8_t gsm_escape = 0x1B;

// The extension table: 0x1B followed by the septet.
struct extension {
    std::uint8_t septet;
    char32_t cp;
};
constexpr std::array<extension, 10> gsm_extension{{
    {0x0A, U'\f'},
    {0x14, U'^'},
    {0x28, U'{'},
    {0x29, U'}'},
    {0x2F, U'\\'},
    {0x3C, U'['},
    {0x3D, U'~'},
    {0x3E, U']'},
    {0x40, U'|'},
    {0x65, U'\u20AC'},
}};

// The septets of one character: one, or escape + one. Empty when not in the alphabet.
struct gsm_char {
    std::uint8_t n = 0;
    std::array<std::uint8_t, 2> septets{};
};

gsm_char to_gsm(char32_t cp) noexcept {
    // Most text is letters and digits, which are at their ASCII positions.
    if ((cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9')) {
        return {1, {static_cast<std::uint8_t>(cp), 0}};
    }
    for (std::size_t i = 0; i < gsm_basic.size(); ++i) {
        if (gsm_basic[i] == cp && i != gsm_escape) {
            return {1, {static_cast<std::uint8_t>(i), 0}};
        }
    }
    for (const extension& e : gsm_extension) {
        if (e.cp == cp) {
            return {2, {gsm_escape, e.septet}};
        }
    }
    return {};
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
result<std::u32string> decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            out.push_back(b0);
            ++i;
            continue;
        }
        std::size_t n = 0;
        char32_t cp = 0;
        char32_t min = 0;
        if ((b0 & 0xE0) == 0xC0) {
            n = 1;
            cp = b0 & 0x1F;
            min = 0x80;
        } else if ((b0 & 0xF0) == 0xE0) {
            n = 2;
            cp = b0 & 0x0F;
            min = 0x800;
        } else if ((b0 & 0xF8) == 0xF0) {
            n = 3;
            cp = b0 & 0x07;
            min = 0x10000;
        } else {
            return errc::invalid_utf8;  // continuation byte first, or 0xF8-0xFF
        }
        if (s.size() - i - 1 < n) {
            return errc::invalid_utf8;
        }
        for (std::size_t k = 1; k <= n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) {
                return errc::invalid_utf8;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return errc::invalid_utf8;
        }
        out.push_back(cp);
        i += n + 1;
    }
    return out;
}

// The whole text encoded, and how many units each character took, so the splitter can cut
// between characters only.
struct flat_text {
    std::vector<std::uint8_t> bytes;
    std::vector<std::uint8_t> char_units;  // 1 or 2 per character
    std::size_t bytes_per_unit = 1;
};

std::optional<flat_text> as_gsm(const std::u32string& text) {
    flat_text f;
    f.char_units.reserve(text.size());
    for (const char32_t cp : text) {
        const gsm_char g = to_gsm(cp);
        if (g.n == 0) {
            return std::nullopt;
        }
        f.bytes.insert(f.bytes.end(), g.septets.begin(), g.septets.begin() + g.n);
        f.char_units.push_back(g.n);
    }
    return f;
}

flat_text as_ucs2(const std::u32string& text) {
    flat_text f;
    f.bytes_per_unit = 2;
    f.char_units.reserve(text.size());
    const auto put = [&f](char32_t unit) {
        f.bytes.push_back(static_cast<std::uint8_t>(unit >> 8));
        f.bytes.push_back(static_cast<std::uint8_t>(unit & 0xFF));
    };
    for (const char32_t cp : text) {
        if (cp < 0x10000) {
            put(cp);
            f.char_units.push_back(1);
        } else {
            const char32_t v = cp - 0x10000;
            put(0xD800 + (v >> 10));
            put(0xDC00 + (v & 0x3FF));
            f.char_units.push_back(2);
        }
    }
    return f;
}

}  // namespace

result<encoded_text> encode_text(std::string_view utf8, std::uint8_t reference, text_options opts) {
    auto chars = decode_utf8(utf8);
    if (!chars) {
        return chars.error();
    }
    std::optional<flat_text> gsm = opts.ucs2_only ? std::nullopt : as_gsm(*chars);
    const flat_text flat = gsm ? std::move(*gsm) : as_ucs2(*chars);

    encoded_text out;
    out.data_coding = gsm ? data_coding_default : data_coding_ucs2;
    out.units = flat.bytes.size() / flat.bytes_per_unit;
    const std::size_t single = gsm ? gsm7_single_septets : ucs2_single_units;
    const std::size_t part = gsm ? gsm7_part_septets : ucs2_part_units;
    if (out.units <= single) {
        out.parts.push_back(flat.bytes);
        return out;
    }

    // Part boundaries in bytes: as many whole characters as fit.
    std::vector<std::size_t> cuts{0};
    std::size_t units = 0;
    std::size_t offset = 0;
    for (const std::uint8_t n : flat.char_units) {
        if (units + n > part) {
            cuts.push_back(offset);
            units = 0;
        }
        units += n;
        offset += n * flat.bytes_per_unit;
    }
    cuts.push_back(offset);
    const std::size_t total = cuts.size() - 1;
    if (total > max_parts) {
        return errc::too_many_segments;
    }
    out.parts.reserve(total);
    for (std::size_t i = 0; i < total; ++i) {
        std::vector<std::uint8_t> sm{0x05,
                                     0x00,
                                     0x03,
                                     reference,
                                     static_cast<std::uint8_t>(total),
                                     static_cast<std::uint8_t>(i + 1)};
        sm.insert(sm.end(), flat.bytes.begin() + static_cast<std::ptrdiff_t>(cuts[i]),
                  flat.bytes.begin() + static_cast<std::ptrdiff_t>(cuts[i + 1]));
        out.parts.push_back(std::move(sm));
    }
    return out;
}

std::vector<submit_sm> make_submits(const submit_sm& base, const encoded_text& text) {
    std::vector<submit_sm> out;
    out.reserve(text.parts.size());
    for (const std::vector<std::uint8_t>& part : text.parts) {
        submit_sm m = base;
        m.data_coding = text.data_coding;
        m.esm_class = static_cast<std::uint8_t>(m.esm_class | text.esm_class());
        m.short_message = part;
        out.push_back(std::move(m));
    }
    return out;
}

result<std::string> decode_text(std::uint8_t data_coding, std::span<const std::uint8_t> bytes) {
    std::string out;
    if (data_coding == data_coding_default) {
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            if (bytes[i] > 0x7F) {
                return errc::bad_encoding;
            }
            if (bytes[i] != gsm_escape || i + 1 == bytes.size() || bytes[i + 1] > 0x7F) {
                append_utf8(gsm_basic[bytes[i]], out);
                continue;
            }
            const std::uint8_t next = bytes[++i];
            char32_t cp = gsm_basic[next];
            for (const extension& e : gsm_extension) {
                if (e.septet == next) {
                    cp = e.cp;
                }
            }
            append_utf8(cp, out);
        }
        return out;
    }
    if (data_coding == data_coding_ucs2) {
        if (bytes.size() % 2 != 0) {
            return errc::bad_encoding;
        }
        for (std::size_t i = 0; i < bytes.size(); i += 2) {
            const char32_t u = (char32_t{bytes[i]} << 8) | bytes[i + 1];
            if (u >= 0xDC00 && u <= 0xDFFF) {
                return errc::bad_encoding;  // a low surrogate first
            }
            if (u < 0xD800 || u > 0xDBFF) {
                append_utf8(u, out);
                continue;
            }
            if (i + 3 >= bytes.size()) {
                return errc::bad_encoding;  // a high surrogate last
            }
            const char32_t low = (char32_t{bytes[i + 2]} << 8) | bytes[i + 3];
            if (low < 0xDC00 || low > 0xDFFF) {
                return errc::bad_encoding;
            }
            append_utf8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), out);
            i += 2;
        }
        return out;
    }
    return errc::bad_encoding;
}

std::optional<std::span<const std::uint8_t>> strip_udh(
    std::span<const std::uint8_t> short_message) noexcept {
    if (short_message.empty() || std::size_t{short_message[0]} + 1 > short_message.size()) {
        return std::nullopt;
    }
    return short_message.subspan(std::size_t{short_message[0]} + 1);
}

}  // namespace alarmd::protocols::smpp
