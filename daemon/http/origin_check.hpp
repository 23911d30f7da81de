#pragma once
// Which browser pages may open the guard WebSocket. A browser sends the page's Origin with every
// WebSocket upgrade and lets any page connect anywhere, so without this check a page on another
// site could open /ws with a token it got hold of. Clients that are not browsers (alarmctl,
// integrations, tests) send no Origin and are let on; they are checked by their token alone.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::http {

// `origin`: the request's Origin header (nullopt when absent); `host`: its Host header; `tls`:
// whether the connection is HTTPS. `allowed`: server.allowed_origins (normalized); unset, only
// the server's own origin (scheme and Host) is allowed.
[[nodiscard]] bool origin_allowed(std::optional<std::string_view> origin, std::string_view host,
                                  bool tls, const std::optional<std::vector<std::string>>& allowed);

// A header value for a log line: printable ASCII only, at most 200 characters.
[[nodiscard]] std::string printable(std::string_view header);

}  // namespace alarmd::http
