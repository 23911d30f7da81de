#include "daemon/config/origin.hpp"

#include <cctype>

namespace alarmd::config {

namespace {

[[nodiscard]] bool host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

// "host" or "host:port", with "[v6]" hosts; false for anything else.
[[nodiscard]] bool valid_authority(std::string_view a) {
    std::string_view host = a;
    std::string_view port;
    if (a.starts_with('[')) {
        const auto close = a.find(']');
        if (close == std::string_view::npos || close < 2) {
            return false;
        }
        for (char c : a.substr(1, close - 1)) {
            if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':' && c != '.') {
                return false;
            }
        }
        host = {};
        const auto rest = a.substr(close + 1);
        if (!rest.empty()) {
            if (!rest.starts_with(':')) {
                return false;
            }
            port = rest.substr(1);
            if (port.empty()) {
                return false;
            }
        }
    } else if (const auto colon = a.rfind(':'); colon != std::string_view::npos) {
        host = a.substr(0, colon);
        port = a.substr(colon + 1);
        if (port.empty() || host.empty()) {
            return false;
        }
    }
    if (!a.starts_with('[') && host.empty()) {
        return false;
    }
    for (char c : host) {
        if (!host_char(c)) {
            return false;
        }
    }
    if (port.size() > 5) {
        return false;
    }
    unsigned value = 0;
    for (char c : port) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return port.empty() || (value >= 1 && value <= 65535);
}

}  // namespace

std::optional<std::string> normalize_origin(std::string_view text) {
    std::string s;
    s.reserve(text.size());
    for (char c : text) {
        s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    std::string_view scheme;
    for (std::string_view candidate : {"http", "https"}) {
        if (s.starts_with(std::string(candidate) + "://")) {
            scheme = candidate;
        }
    }
    if (scheme.empty()) {
        return std::nullopt;
    }
    std::string_view authority(s);
    authority.remove_prefix(scheme.size() + 3);
    if (!valid_authority(authority)) {
        return std::nullopt;
    }
    const std::string_view default_port = scheme == "https" ? ":443" : ":80";
    if (authority.ends_with(default_port)) {
        s.resize(s.size() - default_port.size());
    }
    return s;
}

}  // namespace alarmd::config
