#include "protocols/gb26875/gb18030.hpp"

#include <algorithm>
#include <cstddef>

#include "protocols/common/utf8.hpp"

namespace alarmd::protocols::gb26875 {
namespace {

constexpr std::uint32_t replacement = 0xFFFD;
constexpr std::uint32_t four_byte_bmp_codes = 39420;     // 0x81308130 .. 0x8431A439
constexpr std::uint32_t supplementary_first = 189000;    // linear index of 0x90308130
constexpr std::uint32_t supplementary_count = 0x100000;  // U+10000 .. U+10FFFF

bool is_lead(std::uint8_t b) {
    return b >= 0x81 && b <= 0xFE;
}

bool is_digit(std::uint8_t b) {
    return b >= 0x30 && b <= 0x39;
}

std::uint32_t two_byte(std::uint8_t lead, std::uint8_t trail) {
    const std::size_t column = trail < 0x7F ? trail - 0x40u : trail - 0x41u;
    return detail::gb18030_two_byte[(lead - 0x81u) * 190u + column];
}

std::uint32_t four_byte(std::uint32_t linear) {
    if (linear < four_byte_bmp_codes) {
        const auto& table = detail::gb18030_four_byte_bmp;
        const auto it = std::upper_bound(
            table.begin(), table.end(), linear,
            [](std::uint32_t v, const detail::gb18030_range& r) { return v < r.linear; });
        const detail::gb18030_range& r = *(it - 1);  // table[0].linear == 0
        return r.code_point + (linear - r.linear);
    }
    if (linear >= supplementary_first && linear - supplementary_first < supplementary_count) {
        return 0x10000 + (linear - supplementary_first);
    }
    return replacement;
}

}  // namespace

std::string gb18030_to_utf8(std::span<const std::uint8_t> in) {
    std::string out;
    out.reserve(in.size() * 3 / 2);
    std::size_t i = 0;
    while (i < in.size()) {
        const std::uint8_t b = in[i];
        if (b < 0x80) {
            out += static_cast<char>(b);
            ++i;
            continue;
        }
        if (!is_lead(b) || i + 1 >= in.size()) {
            append_utf8(replacement, out);
            ++i;
            continue;
        }
        const std::uint8_t b2 = in[i + 1];
        if ((b2 >= 0x40 && b2 <= 0x7E) || (b2 >= 0x80 && b2 <= 0xFE)) {
            append_utf8(two_byte(b, b2), out);
            i += 2;
            continue;
        }
        if (is_digit(b2) && i + 3 < in.size() && is_lead(in[i + 2]) && is_digit(in[i + 3])) {
            const std::uint32_t linear =
                (((b - 0x81u) * 10u + (b2 - 0x30u)) * 126u + (in[i + 2] - 0x81u)) * 10u +
                (in[i + 3] - 0x30u);
            append_utf8(four_byte(linear), out);
            i += 4;
            continue;
        }
        append_utf8(replacement, out);
        ++i;
    }
    return out;
}

std::string text_field(std::span<const std::uint8_t> in) {
    const auto nul = std::find(in.begin(), in.end(), std::uint8_t{0});
    auto text = in.first(static_cast<std::size_t>(nul - in.begin()));
    while (!text.empty() && text.back() == 0x20) {
        text = text.first(text.size() - 1);
    }
    return gb18030_to_utf8(text);
}

}  // namespace alarmd::protocols::gb26875
