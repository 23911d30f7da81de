#include "daemon/ctl/local_time.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <ctime>
#include <optional>

namespace alarmd::ctl {
namespace {

std::optional<int> digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) {
        return std::nullopt;
    }
    int v = 0;
    const auto* b = s.data() + at;
    auto [p, ec] = std::from_chars(b, b + n, v);
    if (ec != std::errc{} || p != b + n) {
        return std::nullopt;
    }
    return v;
}

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)".
std::optional<std::time_t> parse(std::string_view s) {
    const auto y = digits(s, 0, 4);
    const auto mo = digits(s, 5, 2);
    const auto d = digits(s, 8, 2);
    const auto h = digits(s, 11, 2);
    const auto mi = digits(s, 14, 2);
    const auto sec = digits(s, 17, 2);
    if (!y || !mo || !d || !h || !mi || !sec || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') {
        return std::nullopt;
    }
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
        }
    }
    int offset = 0;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        const auto oh = digits(s, i + 1, 2);
        const auto om = digits(s, i + 4, 2);
        if (!oh || !om || s[i + 3] != ':') {
            return std::nullopt;
        }
        offset = (s[i] == '+' ? 1 : -1) * (*oh * 3600 + *om * 60);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != s.size()) {
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)},
                              day{static_cast<unsigned>(*d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    const auto t = sys_days{date} + hours{*h} + minutes{*mi} + seconds{*sec} - seconds{offset};
    return static_cast<std::time_t>(t.time_since_epoch().count());
}

}  // namespace

std::string local_time_text(std::string_view rfc3339) {
    const auto t = parse(rfc3339);
    if (!t) {
        return std::string(rfc3339);
    }
    std::tm local{};
    if (::localtime_r(&*t, &local) == nullptr) {
        return std::string(rfc3339);
    }
    std::array<char, 64> buf{};
    const auto n = std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M:%S %Z", &local);
    return n == 0 ? std::string(rfc3339) : std::string(buf.data(), n);
}

}  // namespace alarmd::ctl
