#pragma once
// Named loggers (one per module: "store.redis", "http", "notify.ws", ...) sharing one sink.
// Lines are `key=value` structured; never log a secret or a token.
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace alarmd::sys {

// The module's logger, created on first use with the sink set up by setup_logging().
[[nodiscard]] std::shared_ptr<spdlog::logger> logger(const std::string& name);

// Once at start: stderr; without timestamps under journald (JOURNAL_STREAM set), which adds its own.
void setup_logging(const std::string& level = "info");

}  // namespace alarmd::sys
