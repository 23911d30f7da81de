#include "daemon/core/event.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "daemon/core/name_table.hpp"

namespace alarmd::core {
namespace {

using detail::name_of;
using detail::name_table;
using detail::value_of;

constexpr name_table<source, 6> source_names{{
    {source::sia, "sia"},
    {source::gb26875, "gb26875"},
    {source::intercom, "intercom"},
    {source::hotline, "hotline"},
    {source::http, "http"},
    {source::operator_, "operator"},
}};

constexpr name_table<category, 15> category_names{{
    {category::fire, "fire"},
    {category::perimeter, "perimeter"},
    {category::intrusion, "intrusion"},
    {category::panic, "panic"},
    {category::door, "door"},
    {category::intercom_emergency, "intercom_emergency"},
    {category::hotline_call, "hotline_call"},
    {category::callback, "callback"},
    {category::water_leak, "water_leak"},
    {category::power, "power"},
    {category::equipment, "equipment"},
    {category::tamper, "tamper"},
    {category::comm_fault, "comm_fault"},
    {category::supervisory, "supervisory"},
    {category::test, "test"},
}};

constexpr name_table<event_kind, 9> kind_names{{
    {event_kind::alarm, "alarm"},
    {event_kind::restore, "restore"},
    {event_kind::fault, "fault"},
    {event_kind::fault_restore, "fault_restore"},
    {event_kind::status, "status"},
    {event_kind::test, "test"},
    {event_kind::arm, "arm"},
    {event_kind::disarm, "disarm"},
    {event_kind::bypass, "bypass"},
}};

bool parse_int(std::string_view s, int& out) {
    const auto* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, out);
    return ec == std::errc{} && p == end;
}

}  // namespace

std::string_view to_string(source s) { return name_of(source_names, s); }
std::string_view to_string(category c) { return name_of(category_names, c); }
std::string_view to_string(event_kind k) { return name_of(kind_names, k); }
std::optional<source> parse_source(std::string_view s) { return value_of(source_names, s); }
std::optional<category> parse_category(std::string_view s) { return value_of(category_names, s); }
std::optional<event_kind> parse_event_kind(std::string_view s) { return value_of(kind_names, s); }

int default_severity(category c) {
    switch (c) {
        case category::fire:
        case category::panic:
        case category::intercom_emergency:
            return 1;
        case category::perimeter:
        case category::intrusion:
        case category::hotline_call:
        case category::callback:
        case category::water_leak:
        case category::tamper:
            return 2;
        case category::door:
        case category::power:
        case category::equipment:
        case category::comm_fault:
        case category::supervisory:
            return 3;
        case category::test:
            return 4;
    }
    return 3;
}

std::string_view family_of(category c) {
    switch (c) {
        case category::perimeter:
        case category::intrusion:
            return "intrusion";
        case category::intercom_emergency:
        case category::hotline_call:
            return "call";
        default:
            return to_string(c);
    }
}

bool is_call(category c) { return c == category::intercom_emergency || c == category::hotline_call; }

bool raises_incident(event_kind k) { return k == event_kind::alarm || k == event_kind::fault; }

// Called for every time in every message and stored record: calendar arithmetic and digits by
// hand (no gmtime_r, no printf). Years outside 0000-9999 take the slow path.
time_text::time_text(time_point t) {
    using namespace std::chrono;
    const auto ms = floor<milliseconds>(t);
    const auto day = floor<days>(ms);
    const year_month_day date{day};
    const hh_mm_ss<milliseconds> tod{ms - day};
    const int y = static_cast<int>(date.year());
    const auto mo = static_cast<unsigned>(date.month());
    const auto d = static_cast<unsigned>(date.day());
    const auto h = static_cast<unsigned>(tod.hours().count());
    const auto mi = static_cast<unsigned>(tod.minutes().count());
    const auto se = static_cast<unsigned>(tod.seconds().count());
    const auto frac = static_cast<unsigned>(tod.subseconds().count());
    if (y < 0 || y > 9999) {
        const int n = std::snprintf(buf_, sizeof buf_, "%04d-%02u-%02uT%02u:%02u:%02u.%03uZ", y,
                                    mo, d, h, mi, se, frac);
        size_ = n > 0 ? std::min(static_cast<std::size_t>(n), sizeof buf_ - 1) : 0;
        return;
    }
    size_ = 24;
    auto put = [this](std::size_t at, unsigned v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            buf_[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
    };
    put(0, static_cast<unsigned>(y), 4);
    buf_[4] = '-';
    put(5, mo, 2);
    buf_[7] = '-';
    put(8, d, 2);
    buf_[10] = 'T';
    put(11, h, 2);
    buf_[13] = ':';
    put(14, mi, 2);
    buf_[16] = ':';
    put(17, se, 2);
    buf_[19] = '.';
    put(20, frac, 3);
    buf_[23] = 'Z';
}

std::string format_time(time_point t) { return std::string(time_text(t).view()); }

std::optional<time_point> parse_time(std::string_view s) {
    // YYYY-MM-DDTHH:MM:SS[.fff...](Z|+HH:MM|-HH:MM)
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' &&
                                                         s[10] != ' ') ||
        s[13] != ':' || s[16] != ':') {
        return std::nullopt;
    }
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (!parse_int(s.substr(0, 4), y) || !parse_int(s.substr(5, 2), mo) ||
        !parse_int(s.substr(8, 2), d) || !parse_int(s.substr(11, 2), h) ||
        !parse_int(s.substr(14, 2), mi) || !parse_int(s.substr(17, 2), se)) {
        return std::nullopt;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) {
        return std::nullopt;
    }
    // The clock counts nanoseconds in 64 bits (1678 to 2262): a time outside 1900-2200 is a
    // mistake anyway, and converting it would overflow.
    if (y < 1900 || y > 2200) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    long long millis = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 3) {
                millis = millis * 10 + (s[pos] - '0');
            }
            ++digits;
            ++pos;
        }
        if (digits == 0) {
            return std::nullopt;
        }
        for (; digits < 3; ++digits) {
            millis *= 10;
        }
    }
    long long offset_s = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
        int oh = 0, om = 0;
        if (!parse_int(s.substr(pos + 1, 2), oh) || !parse_int(s.substr(pos + 4, 2), om) ||
            oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset_s = (oh * 3600LL + om * 60LL) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)},
                              day{static_cast<unsigned>(d)}};
    if (!date.ok()) {  // 30 February and the like
        return std::nullopt;
    }
    const auto days = sys_days{date};
    const auto t = days + hours{h} + minutes{mi} + seconds{se} + milliseconds{millis} -
                   seconds{offset_s};
    return time_point{duration_cast<clock::duration>(t.time_since_epoch())};
}

std::string escape_raw(std::string_view bytes, std::size_t max) {
    std::string out;
    const auto n = std::min(bytes.size(), max);
    out.reserve(n + 16);
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else if (c == '\\') {
            out += "\\\\";
        } else {
            out += "\\x";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xf]);
        }
    }
    if (bytes.size() > max) {
        out += "...";
    }
    return out;
}

}  // namespace alarmd::core
