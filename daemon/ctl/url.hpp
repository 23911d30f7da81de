#pragma once
// The daemon's address as the operator gives it: http://host[:port][/prefix]. The prefix is
// kept so alarmd can sit behind a reverse proxy under a path.
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace alarmd::ctl {

struct server_url {
    std::string host;  // an IPv6 literal without its brackets
    std::string port = "80";
    std::string prefix;  // "" or "/path" (no trailing slash), put before every API target
    std::string text;    // as given, without trailing slashes: for messages
};

// Only plain http for now: https:// is refused with a reason, as is a URL with credentials in
// it (a password there would show in messages and in `ps`; the token has its own option).
[[nodiscard]] boost::system::result<server_url, std::string> parse_server_url(
    std::string_view text);

}  // namespace alarmd::ctl
