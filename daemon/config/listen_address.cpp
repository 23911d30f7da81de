#include "daemon/config/listen_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace alarmd::config {

namespace {

[[nodiscard]] bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// An interface name after '%' in a scoped IPv6 address.
[[nodiscard]] bool is_zone_name(std::string_view h) {
    return !h.empty() && h.size() <= 64 && std::all_of(h.begin(), h.end(), [](char c) {
        return is_alnum(c) || c == '.' || c == '-' || c == '_';
    });
}

// A dotted IPv4 address. A listen address is never resolved: a host name would pass a check
// and fail at start, so both refuse it.
[[nodiscard]] bool is_ipv4(std::string_view h) {
    in_addr out{};
    return h.size() <= 15 && ::inet_pton(AF_INET, std::string(h).c_str(), &out) == 1;
}

// An IPv6 address with an optional %zone.
[[nodiscard]] bool is_ipv6(std::string_view h) {
    const auto percent = h.find('%');
    const std::string_view addr = h.substr(0, percent);
    if (percent != std::string_view::npos && !is_zone_name(h.substr(percent + 1))) {
        return false;
    }
    in6_addr out{};
    return addr.size() <= 45 && ::inet_pton(AF_INET6, std::string(addr).c_str(), &out) == 1;
}

[[nodiscard]] std::optional<std::uint16_t> parse_port(std::string_view p) {
    if (p.empty() || p.size() > 5) {
        return std::nullopt;
    }
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc{} || end != p.data() + p.size() || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

std::optional<listen_address> parse_listen_address(std::string_view text) {
    std::string_view host;
    std::string_view port;
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return std::nullopt;
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        if (!is_ipv6(host)) {
            return std::nullopt;
        }
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            return std::nullopt;
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (!is_ipv4(host)) {  // also refuses a bare IPv6 address: it needs brackets
            return std::nullopt;
        }
    }
    const auto p = parse_port(port);
    if (!p) {
        return std::nullopt;
    }
    return listen_address{std::string(host), *p};
}

}  // namespace alarmd::config
