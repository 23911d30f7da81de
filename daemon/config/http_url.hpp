#pragma once
// An http:// or https:// URL split the way a client needs it: scheme, host, port and request
// target. The HTTP SMS gateway's URL template is checked at load time with the same code that
// splits it for sending, so a URL --check-config accepts is one the gateway can use.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "protocols/common/result.hpp"

namespace alarmd::config {

struct http_url {
    bool tls = false;    // https://
    std::string host;    // a name or an address; an IPv6 literal without its brackets
    std::string port;    // as written, else "80" or "443"
    std::string target;  // path and query as written ("/" when there is neither)

    // The Host header's value: the port only when it is not the scheme's default.
    [[nodiscard]] std::string host_header() const;
};

// The reason when `text` is not `scheme://host[:port][/path][?query]` with scheme http or https:
// user info ("user:pass@"), a fragment, spaces, control bytes and bytes above 0x7e (write them
// percent-encoded) are refused, and so are braces in the host or port (placeholders belong in
// the path or the query).
[[nodiscard]] result<http_url, std::string> parse_http_url(std::string_view text);

// The placeholders of the HTTP SMS gateway's URL and body: the number, the text, the reference.
inline constexpr std::array<std::string_view, 3> http_placeholders{"to", "text", "ref"};

// The first "{name}" in `text` (name: 1..32 of a-z, 0-9, '_') that is not a placeholder, e.g.
// "{phone}", so a misspelt one is refused at load instead of being sent as written.
[[nodiscard]] std::optional<std::string> unknown_placeholder(std::string_view text);

}  // namespace alarmd::config
