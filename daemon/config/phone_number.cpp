#include "daemon/config/phone_number.hpp"

namespace alarmd::config {

namespace {

[[nodiscard]] bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

[[nodiscard]] bool is_separator(char c) {
    return c == ' ' || c == '\t' || c == '-' || c == '(' || c == ')' || c == '.';
}

[[nodiscard]] std::string_view without_leading_zeros(std::string_view s) {
    while (!s.empty() && s.front() == '0') {
        s.remove_prefix(1);
    }
    return s;
}

// A Chinese number without its trunk 0: a mobile (11 digits from 1) or an area code and a
// local number (2-3 + 7-8 digits); at most 11 digits in all, which is what tells "86" + a
// national number from a national number that merely starts with 86.
[[nodiscard]] bool is_national(std::string_view s) {
    s = without_leading_zeros(s);  // "+86 010 ..." is written, though the 0 should go
    return s.size() >= 9 && s.size() <= 11;
}

}  // namespace

std::string normalize_phone(std::string_view raw) {
    std::string digits;
    digits.reserve(raw.size());
    for (const char c : raw) {
        if (is_digit(c)) {
            digits += c;
        }
    }
    std::string_view s = digits;
    if (s.starts_with("0086") && is_national(s.substr(4))) {
        s.remove_prefix(4);
    } else if (s.starts_with("86") && is_national(s.substr(2))) {
        s.remove_prefix(2);
    }
    return std::string(without_leading_zeros(s));
}

std::string dialable_phone(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (is_digit(c)) {
            out += c;
        } else if (c == '+' && out.empty() && i == raw.find_first_not_of(" \t")) {
            out += c;
        } else if (!is_separator(c)) {
            return {};
        }
    }
    return out == "+" ? std::string{} : out;
}

}  // namespace alarmd::config
