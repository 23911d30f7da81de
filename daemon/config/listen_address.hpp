#pragma once
// "host:port" and "[v6addr]:port" as written for listeners.
#include <optional>
#include <string_view>

#include "daemon/config/config.hpp"

namespace alarmd::config {

// Port 0..65535 (0 = any free port, for tests). The host is a name, an IPv4 address, or an IPv6
// address in brackets (stored without them). nullopt when malformed.
[[nodiscard]] std::optional<listen_address> parse_listen_address(std::string_view text);

}  // namespace alarmd::config
