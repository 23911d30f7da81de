#include "protocols/sia_dc09/timestamp.hpp"

#include <algorithm>

namespace alarmd::protocols::sia_dc09 {
namespace {

// Reads n decimal digits at text[pos]; -1 when any of them is not a digit.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

void append_digits(int value, std::size_t n, std::string& out) {
    std::string field(n, '0');
    for (std::size_t i = n; i > 0; --i) {
        field[i - 1] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out += field;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_timestamp(std::string_view text) {
    if (text.size() != timestamp_size || text[2] != ':' || text[5] != ':' || text[8] != ',' ||
        text[11] != '-' || text[14] != '-') {
        return std::nullopt;
    }
    const int hh = digits(text, 0, 2);
    const int mi = digits(text, 3, 2);
    const int ss = digits(text, 6, 2);
    const int mo = digits(text, 9, 2);
    const int dd = digits(text, 12, 2);
    const int yy = digits(text, 15, 4);
    if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59 || mo < 0 || dd < 0 || yy < 0) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{yy},
                                           std::chrono::month{static_cast<unsigned>(mo)},
                                           std::chrono::day{static_cast<unsigned>(dd)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return std::chrono::sys_days{date} + std::chrono::hours{hh} + std::chrono::minutes{mi} +
           std::chrono::seconds{ss};
}

void append_timestamp(std::chrono::sys_seconds t, std::string& out) {
    using namespace std::chrono;
    const sys_days lo = sys_days{year{0} / January / 1};
    const sys_seconds hi =
        sys_days{year{9999} / December / 31} + hours{23} + minutes{59} + seconds{59};
    t = std::clamp(t, sys_seconds{lo}, hi);
    const sys_days day_point = floor<days>(t);
    const year_month_day date{day_point};
    const hh_mm_ss<seconds> clock{t - day_point};
    append_digits(static_cast<int>(clock.hours().count()), 2, out);
    out += ':';
    append_digits(static_cast<int>(clock.minutes().count()), 2, out);
    out += ':';
    append_digits(static_cast<int>(clock.seconds().count()), 2, out);
    out += ',';
    append_digits(static_cast<int>(static_cast<unsigned>(date.month())), 2, out);
    out += '-';
    append_digits(static_cast<int>(static_cast<unsigned>(date.day())), 2, out);
    out += '-';
    append_digits(static_cast<int>(date.year()), 4, out);
}

}  // namespace alarmd::protocols::sia_dc09
