#include "daemon/store/redis_url.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace alarmd::store {
namespace {

// --- URL parsing helpers. Error texts name the faulty part but never echo the password. ---

bool iequals_prefix(const std::string& s, const char* prefix) {
    const std::size_t n = std::char_traits<char>::length(prefix);
    if (s.size() < n) {
        return false;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) {
            return false;
        }
    }
    return true;
}

bool percent_decode(const std::string& in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out.push_back(in[i]);
            continue;
        }
        if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
            return false;
        }
        out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
        i += 2;
    }
    return true;
}

// Digits only (no sign, no spaces), at most max.
bool parse_number(const std::string& text, long max, int& out) {
    if (text.empty() || text.size() > 10 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return false;
    }
    const long value = std::stol(text);
    if (value > max) {
        return false;
    }
    out = static_cast<int>(value);
    return true;
}

bool parse_tcp_url(const std::string& rest, redis_endpoint& ep, std::string& error) {
    if (rest.find_first_of("?#") != std::string::npos) {
        error =
            "a redis:// URL takes no query or fragment; the db goes in the path "
            "(redis://host:port/db)";
        return false;
    }
    // The last '@' ends the password (a db path has none), so a password with a raw '/' or
    // '@' still parses, and nothing after it (echoed in errors) is part of the password.
    const std::size_t at = rest.rfind('@');
    const std::size_t slash = rest.find('/', at == std::string::npos ? 0 : at + 1);
    std::string authority = rest.substr(0, slash);
    const std::string path = slash == std::string::npos ? "" : rest.substr(slash + 1);

    if (at != std::string::npos) {
        const std::string userinfo = authority.substr(0, at);
        authority.erase(0, at + 1);
        if (userinfo.empty() || userinfo.front() != ':') {
            error = "user names are not supported; give only a password: redis://:password@host";
            return false;
        }
        if (!percent_decode(userinfo.substr(1), ep.password)) {
            error = "bad percent-encoding in the password";
            return false;
        }
        if (ep.password.empty()) {
            error = "empty password after ':' (leave out ':@' for no password)";
            return false;
        }
    }

    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string::npos) {
            error = "missing ']' after the IPv6 address";
            return false;
        }
        ep.host = authority.substr(1, close - 1);
        const std::string after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                error = "unexpected text after the IPv6 address: '" + after + "'";
                return false;
            }
            port_text = after.substr(1);
            if (port_text.empty()) {
                error = "empty port after ':'";
                return false;
            }
        }
    } else {
        const std::size_t colon = authority.find(':');
        ep.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.find(':') != std::string::npos) {
                error = "an IPv6 address must be in brackets: redis://[::1]:6379";
                return false;
            }
            if (port_text.empty()) {
                error = "empty port after ':'";
                return false;
            }
        }
    }
    if (ep.host.empty()) {
        error = "missing host (redis://host[:port][/db])";
        return false;
    }
    const bool host_ok = std::all_of(ep.host.begin(), ep.host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
               c == ':';
    });
    if (!host_ok) {
        error = "bad host '" + ep.host + "'";
        return false;
    }
    if (!port_text.empty() && (!parse_number(port_text, 65535, ep.port) || ep.port == 0)) {
        error = "bad port '" + port_text + "' (1-65535)";
        return false;
    }
    if (!path.empty() && !parse_number(path, 2147483647L, ep.db)) {
        error = "bad database '" + path + "' (a number: redis://host:port/0)";
        return false;
    }
    return true;
}

bool parse_unix_url(const std::string& rest, redis_endpoint& ep, std::string& error) {
    ep.unix_socket = true;
    const std::size_t question = rest.find('?');
    const std::string raw_path = rest.substr(0, question);
    if (raw_path.empty() || raw_path.front() != '/') {
        error = "the socket path must be absolute: unix:///path/to/redis.sock";
        return false;
    }
    if (!percent_decode(raw_path, ep.path)) {
        error = "bad percent-encoding in the socket path";
        return false;
    }
    // sun_path holds 108 bytes including the terminating NUL.
    if (ep.path.size() > 107) {
        error = "socket path longer than 107 bytes";
        return false;
    }
    if (question == std::string::npos) {
        return true;
    }
    std::string query = rest.substr(question + 1);
    std::size_t begin = 0;
    while (begin <= query.size()) {
        const std::size_t amp = std::min(query.find('&', begin), query.size());
        const std::string item = query.substr(begin, amp - begin);
        begin = amp + 1;
        const std::size_t eq = item.find('=');
        const std::string key = item.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : item.substr(eq + 1);
        if (key == "db") {
            if (!parse_number(value, 2147483647L, ep.db)) {
                error = "bad database '" + value + "' (a number: unix:///path?db=0)";
                return false;
            }
        } else if (key == "password") {
            if (!percent_decode(value, ep.password) || ep.password.empty()) {
                error = "bad or empty password in the query";
                return false;
            }
        } else {
            error = "unknown query parameter '" + key + "' (known: db, password)";
            return false;
        }
    }
    return true;
}

}  // namespace

bool parse_redis_url(const std::string& url, redis_endpoint& out, std::string& error) {
    redis_endpoint ep;
    bool ok = false;
    if (iequals_prefix(url, "redis://")) {
        ok = parse_tcp_url(url.substr(8), ep, error);
    } else if (iequals_prefix(url, "unix://")) {
        ok = parse_unix_url(url.substr(7), ep, error);
    } else if (iequals_prefix(url, "rediss://")) {
        error = "rediss:// (TLS) is not supported: hiredis 0.14 has no TLS";
    } else {
        error = "the URL must start with redis:// or unix://";
    }
    if (ok) {
        out = std::move(ep);
        error.clear();
    } else {
        error = "bad redis URL: " + error;
    }
    return ok;
}

}  // namespace alarmd::store
