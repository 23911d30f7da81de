#include "daemon/config/duration.hpp"

#include <array>
#include <cstdint>

namespace alarmd::config {

namespace {

struct unit {
    std::string_view name;
    std::int64_t ms;
};

// Largest first: a compound must list its units in this order, each once, so "1m30s" has one
// reading and a slip like "30s1m" or "1m1m" is reported instead of silently added up.
constexpr std::array<unit, 4> units{{{"h", 3'600'000}, {"m", 60'000}, {"s", 1'000}, {"ms", 1}}};

// More digits than this in one number is a typo, and the cap keeps the sum far from overflow.
constexpr std::size_t max_digits = 9;

[[nodiscard]] bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The unit at the start of `rest` (index into `units`), or units.size() if none.
[[nodiscard]] std::size_t unit_at(std::string_view rest) {
    if (rest.starts_with("ms")) {
        return 3;
    }
    for (std::size_t i = 0; i < 3; ++i) {
        if (rest.starts_with(units[i].name)) {
            return i;
        }
    }
    return units.size();
}

}  // namespace

std::optional<duration> parse_duration(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    if (text.find_first_not_of('0') == std::string_view::npos) {
        return duration{0};  // "0": zero needs no unit
    }
    std::int64_t total = 0;
    std::size_t next_unit = 0;  // units before this index are no longer allowed
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t start = i;
        std::int64_t value = 0;
        while (i < text.size() && is_digit(text[i])) {
            if (i - start == max_digits) {
                return std::nullopt;  // before the multiplication can overflow
            }
            value = value * 10 + (text[i] - '0');
            ++i;
        }
        if (i == start) {
            return std::nullopt;
        }
        const std::size_t u = unit_at(text.substr(i));
        if (u == units.size() || u < next_unit) {
            return std::nullopt;
        }
        i += units[u].name.size();
        next_unit = u + 1;
        total += value * units[u].ms;
    }
    return duration{total};
}

std::string format_duration(duration d) {
    std::int64_t left = d.count();
    if (left == 0) {
        return "0s";
    }
    std::string out;
    if (left < 0) {
        out = "-";
        left = -left;
    }
    for (const unit& u : units) {
        if (left >= u.ms) {
            out += std::to_string(left / u.ms);
            out += u.name;
            left %= u.ms;
        }
    }
    return out;
}

}  // namespace alarmd::config
