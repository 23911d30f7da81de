#include "daemon/http/target.hpp"

#include "daemon/sys/hex.hpp"

namespace alarmd::http {

std::string percent_decode(std::string_view s) {
    using sys::hex_value;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
            i += 2;
        } else if (s[i] == '+') {
            out.push_back(' ');
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

target parse_target(std::string_view raw) {
    target t;
    auto q = raw.find('?');
    auto path = raw.substr(0, q);
    std::size_t pos = 0;
    while (pos <= path.size()) {
        auto next = path.find('/', pos);
        auto seg =
            path.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
        if (!seg.empty()) {
            t.segments.push_back(percent_decode(seg));
        }
        if (next == std::string_view::npos) {
            break;
        }
        pos = next + 1;
    }
    if (q != std::string_view::npos) {
        auto qs = raw.substr(q + 1);
        while (!qs.empty()) {
            auto amp = qs.find('&');
            auto pair = qs.substr(0, amp);
            auto eq = pair.find('=');
            auto k = percent_decode(pair.substr(0, eq));
            auto v =
                eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
            if (!k.empty()) {
                t.query[k] = v;
            }
            if (amp == std::string_view::npos) {
                break;
            }
            qs.remove_prefix(amp + 1);
        }
    }
    return t;
}

}  // namespace alarmd::http
