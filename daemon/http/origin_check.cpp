#include "daemon/http/origin_check.hpp"

#include <algorithm>

#include "daemon/config/origin.hpp"

namespace alarmd::http {

bool origin_allowed(std::optional<std::string_view> origin, std::string_view host, bool tls,
                    const std::optional<std::vector<std::string>>& allowed) {
    if (!origin) {
        return true;  // not a browser
    }
    const auto seen = config::normalize_origin(*origin);
    if (!seen) {
        return false;  // "null" (a sandboxed page, a file), garbage
    }
    if (allowed) {
        return std::find(allowed->begin(), allowed->end(), *seen) != allowed->end();
    }
    if (host.empty()) {
        return false;
    }
    const auto own =
        config::normalize_origin(std::string(tls ? "https://" : "http://") + std::string(host));
    return own && *own == *seen;
}

std::string printable(std::string_view header) {
    constexpr std::size_t max_chars = 200;
    std::string out;
    for (char c : header.substr(0, max_chars)) {
        const bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
        out.push_back(plain ? c : '?');
    }
    if (header.size() > max_chars) {
        out += "...";
    }
    return out;
}

}  // namespace alarmd::http
