#include "daemon/config/http_url.hpp"

#include <cctype>

namespace alarmd::config {

namespace {

[[nodiscard]] bool host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

[[nodiscard]] bool is_port(std::string_view p) {
    if (p.empty() || p.size() > 5) {
        return false;
    }
    unsigned value = 0;
    for (char c : p) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value >= 1 && value <= 65535;
}

}  // namespace

std::string http_url::host_header() const {
    std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != (tls ? "443" : "80")) {
        h += ":" + port;
    }
    return h;
}

result<http_url, std::string> parse_http_url(std::string_view text) {
    http_url u;
    std::string_view rest;
    if (text.starts_with("http://")) {
        rest = text.substr(7);
    } else if (text.starts_with("https://")) {
        u.tls = true;
        rest = text.substr(8);
    } else {
        return std::string("expected an http:// or https:// URL");
    }
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b >= 0x7f) {
            return std::string(
                "spaces, control characters and non-ASCII text must be percent-encoded in the "
                "URL (%20, %E7%81%AB, ...)");
        }
    }
    if (text.find('#') != std::string_view::npos) {
        return std::string("a fragment (#...) is never sent; remove it");
    }
    const auto end = rest.find_first_of("/?");
    const auto authority = rest.substr(0, end);
    u.target = end == std::string_view::npos ? "/" : std::string(rest.substr(end));
    if (u.target.starts_with('?')) {
        u.target.insert(0, "/");
    }
    if (authority.find('@') != std::string_view::npos) {
        return std::string(
            "user info (user:password@) is not supported; put credentials in the query or in "
            "headers");
    }
    std::string_view host = authority;
    std::string_view port;
    bool bracketed = false;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos || close < 2) {
            return std::string("bad IPv6 host (write it as [::1])");
        }
        host = authority.substr(1, close - 1);
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (!after.starts_with(':')) {
                return std::string("bad host");
            }
            port = after.substr(1);
            if (!is_port(port)) {
                return std::string("bad port (1..65535)");
            }
        }
        bracketed = true;
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        if (!is_port(port)) {
            return std::string("bad port (1..65535)");
        }
    }
    if (host.empty()) {
        return std::string("the URL has no host");
    }
    for (char c : host) {
        const bool ok =
            bracketed ? (std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.')
                      : host_char(c);
        if (!ok) {
            return std::string("bad host (placeholders belong in the path or the query)");
        }
    }
    u.host = std::string(host);
    u.port = port.empty() ? (u.tls ? "443" : "80") : std::string(port);
    return u;
}

std::optional<std::string> unknown_placeholder(std::string_view text) {
    for (auto open = text.find('{'); open != std::string_view::npos;
         open = text.find('{', open + 1)) {
        std::size_t n = 0;
        while (open + 1 + n < text.size() && n <= 32) {
            const char c = text[open + 1 + n];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                break;
            }
            ++n;
        }
        if (n == 0 || n > 32 || open + 1 + n >= text.size() || text[open + 1 + n] != '}') {
            continue;
        }
        const auto name = text.substr(open + 1, n);
        bool known = false;
        for (auto p : http_placeholders) {
            known = known || p == name;
        }
        if (!known) {
            return "{" + std::string(name) + "}";
        }
    }
    return std::nullopt;
}

}  // namespace alarmd::config
