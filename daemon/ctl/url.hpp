#pragma once
// The daemon's address as the operator gives it: http[s]://host[:port][/prefix]. The prefix is
// kept so alarmd can sit behind a reverse proxy under a path.
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace alarmd::ctl {

struct server_url {
    bool tls = false;  // https://: the server's certificate is verified, for its host name
    std::string host;  // an IPv6 literal without its brackets
    std::string port = "80";  // 443 for https:// when not given
    std::string prefix;  // "" or "/path" (no trailing slash), put before every API target
    std::string text;    // as given, without trailing slashes: for messages
};

// http:// or https://. A URL with credentials in it is refused (a password there would show in
// messages and in `ps`; the token has its own option).
[[nodiscard]] boost::system::result<server_url, std::string> parse_server_url(
    std::string_view text);

}  // namespace alarmd::ctl
