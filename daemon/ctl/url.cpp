#include "daemon/ctl/url.hpp"

#include <charconv>

namespace alarmd::ctl {
namespace {

constexpr std::string_view http_scheme = "http://";
constexpr std::string_view https_scheme = "https://";

bool valid_port(std::string_view p) {
    unsigned value = 0;
    const auto* end = p.data() + p.size();
    auto [ptr, ec] = std::from_chars(p.data(), end, value);
    return !p.empty() && ec == std::errc{} && ptr == end && value > 0 && value <= 65535;
}

// Spelled out: in C++20 a server_url can be built from a string (parenthesised aggregate
// initialisation), which makes the implicit error conversion of result ambiguous.
boost::system::result<server_url, std::string> rejected(std::string reason) {
    return {boost::system::in_place_error, std::move(reason)};
}

}  // namespace

boost::system::result<server_url, std::string> parse_server_url(std::string_view text) {
    while (text.size() > http_scheme.size() && text.ends_with('/')) {
        text.remove_suffix(1);
    }
    const bool tls = text.starts_with(https_scheme);
    if (!tls && !text.starts_with(http_scheme)) {
        return rejected(
            "the URL must start with http:// or https:// (e.g. http://127.0.0.1:8080)");
    }
    server_url url;
    url.tls = tls;
    url.port = tls ? "443" : "80";
    url.text = std::string(text);
    auto rest = text.substr(tls ? https_scheme.size() : http_scheme.size());
    const auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    const auto path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (authority.find('@') != std::string_view::npos) {
        return rejected("credentials in the URL are not supported; use --token or ALARMD_TOKEN");
    }
    if (path.find_first_of("?#") != std::string_view::npos ||
        authority.find_first_of("?#") != std::string_view::npos) {
        return rejected("the URL must not have a query or fragment");
    }
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return rejected("the URL has an unclosed [ in its host");
        }
        url.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (!authority.empty() && !authority.starts_with(':')) {
            return rejected("the URL has something other than :PORT after its ]");
        }
    } else {
        const auto colon = authority.find(':');
        url.host = std::string(authority.substr(0, colon));
        authority = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon);
    }
    if (url.host.empty()) {
        return rejected("the URL has no host");
    }
    if (authority.starts_with(':')) {
        const auto port = authority.substr(1);
        if (!valid_port(port)) {
            return rejected("the URL's port must be a number from 1 to 65535");
        }
        url.port = std::string(port);
    }
    url.prefix = std::string(path);
    return url;
}

}  // namespace alarmd::ctl
