#include "daemon/config/text_checks.hpp"

#include <algorithm>
#include <cstdio>

namespace alarmd::config::detail {

namespace {

[[nodiscard]] bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

[[nodiscard]] bool is_hex_digit(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

[[nodiscard]] int two_digits(std::string_view s) {
    return (s[0] - '0') * 10 + (s[1] - '0');
}

constexpr std::size_t max_quoted = 80;

}  // namespace

bool is_hex(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_hex_digit);
}

std::optional<std::string> normalize_sha256(std::string_view s) {
    if (s.size() != 64 || !is_hex(s)) {
        return std::nullopt;
    }
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c; });
    return out;
}

bool is_valid_id(std::string_view s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
               c == '_' || c == '.';
    });
}

bool is_phone(std::string_view s) {
    if (s.starts_with('+')) {
        s.remove_prefix(1);
    }
    return s.size() >= 5 && s.size() <= 20 && std::all_of(s.begin(), s.end(), is_digit);
}

bool is_hhmm(std::string_view s) {
    if (s.size() != 5 || s[2] != ':' || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[3]) ||
        !is_digit(s[4])) {
        return false;
    }
    return two_digits(s) < 24 && two_digits(s.substr(3)) < 60;
}

namespace {

std::string quoted(std::string_view s, std::size_t max) {
    std::size_t limit = std::min(s.size(), max);
    while (limit < s.size() && limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xc0) == 0x80) {
        --limit;  // do not cut a UTF-8 character (Chinese labels) in half
    }
    std::string out = "'";
    for (std::size_t i = 0; i < limit; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (limit < s.size()) {
        out += "...";
    }
    out += "'";
    return out;
}

}  // namespace

std::string quote_value(std::string_view s) { return quoted(s, max_quoted); }

std::string quote_path(std::string_view s) { return quoted(s, s.size()); }

}  // namespace alarmd::config::detail
