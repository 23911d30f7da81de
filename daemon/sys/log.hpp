#pragma once
// Named loggers (one per module: "store.redis", "http", "notify.ws", ...) sharing one sink.
// Lines are `key=value` structured; never log a secret or a token.
#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace alarmd::sys {

// The module's logger, created on first use with the sink set up by setup_logging().
[[nodiscard]] std::shared_ptr<spdlog::logger> logger(const std::string& name);

// Once at start: the journal (priority and fields) when stderr is the journal's stream, else
// stderr lines `TIME LOGGER LEVEL key=value…`.
void setup_logging(const std::string& level = "info");

}  // namespace alarmd::sys
