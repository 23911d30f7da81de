#pragma once
// Web origins ("https://console.example:8443") as browsers send them in the Origin header, for
// server.allowed_origins and the WebSocket origin check.
#include <optional>
#include <string>
#include <string_view>

namespace alarmd::config {

// `scheme://host[:port]` with scheme http or https, in lower case and without the scheme's
// default port (how a browser writes it); nullopt for anything else (a path, a query, user
// info, "null", "*").
[[nodiscard]] std::optional<std::string> normalize_origin(std::string_view text);

}  // namespace alarmd::config
