#pragma once
// What this build can run. A config section whose feature is not built yet (a receiver, an SMS
// gateway type) is parsed and validated like any other, but a daemon that accepted it would
// listen or connect to nothing without a word: start, reload and --check-config refuse it.
#include <string>

#include "daemon/config/loader.hpp"

namespace alarmd::config {

// The problems of a valid config that this build cannot serve (empty: it can).
[[nodiscard]] diagnostics unbuilt_features(const config& cfg);

// load_file, then unbuilt_features: what `alarmd --config`, SIGHUP and --check-config use.
[[nodiscard]] result<config, diagnostics> load_runnable(const std::string& path);

}  // namespace alarmd::config
