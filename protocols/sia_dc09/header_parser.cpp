#include "protocols/sia_dc09/header_parser.hpp"

#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/hex.hpp"

namespace alarmd::protocols::sia_dc09::detail {
namespace {

constexpr std::size_t max_prefix_digits = 6;    // R and L: 1-6 hex (SDN, IOB)
constexpr std::size_t max_account_digits = 16;  // IOB, PYS, SDN

bool eat(std::string_view& text, char c) {
    if (!text.empty() && text.front() == c) {
        text.remove_prefix(1);
        return true;
    }
    return false;
}

// 1..max hex digits; a longer run is an error rather than a silent split.
std::optional<std::string_view> take_hex(std::string_view& text, std::size_t max) {
    std::size_t n = 0;
    while (n < text.size() && is_hex(text[n])) {
        ++n;
    }
    if (n == 0 || n > max) {
        return std::nullopt;
    }
    const std::string_view run = text.substr(0, n);
    text.remove_prefix(n);
    return run;
}

bool printable_token(std::string_view id) {
    for (const char c : id) {
        if (c < 0x21 || c > 0x7E) {
            return false;
        }
    }
    return !id.empty();
}

}  // namespace

result<frame_header> parse_header(std::string_view& text, crc_format crc) {
    frame_header h;
    h.crc = crc;
    if (!eat(text, '"')) {
        return make_error_code(errc::bad_token);
    }
    const std::size_t close = text.find('"');
    if (close == std::string_view::npos) {
        return make_error_code(errc::bad_token);
    }
    std::string_view id = text.substr(0, close);
    text.remove_prefix(close + 1);
    if (!id.empty() && id.front() == '*') {
        h.encrypted = true;
        id.remove_prefix(1);
    }
    if (!printable_token(id)) {
        return make_error_code(errc::bad_token);
    }
    h.id = id;

    if (text.size() < 4) {
        return make_error_code(errc::bad_sequence);
    }
    unsigned sequence = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return make_error_code(errc::bad_sequence);
        }
        sequence = sequence * 10 + static_cast<unsigned>(text[i] - '0');
    }
    h.sequence = static_cast<std::uint16_t>(sequence);
    text.remove_prefix(4);

    if (eat(text, 'R')) {
        const auto receiver = take_hex(text, max_prefix_digits);
        if (!receiver) {
            return make_error_code(errc::bad_receiver);
        }
        h.receiver = std::string{*receiver};
    }
    if (!eat(text, 'L')) {
        return make_error_code(errc::bad_line);
    }
    // Unbounded here: a NAK's bare account follows the line digits without a separator.
    std::string_view run = text.substr(0, text.find_first_not_of("0123456789ABCDEFabcdef"));
    text.remove_prefix(run.size());
    if (!eat(text, '#')) {
        // NAK writes the literal "A0" (SDN also "A1") right after the line: 'A' is a hex digit,
        // so split "L0A0" at the last 'A' that is followed only by decimal digits.
        const std::size_t a = run.rfind('A');
        if (h.type() != message_type::nak || a == std::string_view::npos || a == 0 ||
            run.find_first_not_of("0123456789", a + 1) != std::string_view::npos) {
            if (run.empty() || run.size() > max_prefix_digits) {
                return make_error_code(errc::bad_line);
            }
            return make_error_code(errc::bad_account);
        }
        h.bare_account = true;
        h.account = run.substr(a);
        run = run.substr(0, a);
    }
    if (run.empty() || run.size() > max_prefix_digits) {
        return make_error_code(errc::bad_line);
    }
    h.line = run;
    if (!h.bare_account) {
        const auto account = take_hex(text, max_account_digits);
        if (!account) {
            return make_error_code(errc::bad_account);
        }
        h.account = *account;
    }
    if (h.account.size() > max_account_digits) {
        return make_error_code(errc::bad_account);
    }

    if (!eat(text, '[')) {
        return make_error_code(errc::bad_data);
    }
    return h;
}

}  // namespace alarmd::protocols::sia_dc09::detail
