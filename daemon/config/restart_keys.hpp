#pragma once
// The keys a reload cannot apply (listen addresses, connection limits, the Redis and WebSocket
// sections, the time zone, TLS on or off, adding or removing a receiver): which of them differ
// between the running config and a reloaded one, so that the reload can name them instead of
// leaving an operator to wonder why an edit did nothing. docs/configuration.md marks each.
#include <string>
#include <vector>

#include "daemon/config/config.hpp"

namespace alarmd::config {

// Dotted key names ("server.max_body_bytes", "redis.url", "ingest.sia") in the order of the
// reference; empty when the reload can be applied whole.
[[nodiscard]] std::vector<std::string> restart_only_changes(const config& running,
                                                            const config& next);

}  // namespace alarmd::config
