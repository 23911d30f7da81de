#pragma once
// `alarmd` command line: --config FILE, --check-config FILE, --log-level, --version, --help.

namespace alarmd::app {

// Exit codes: 0 ok, 1 start-up failure, 2 invalid config or usage.
[[nodiscard]] int run_cli(int argc, char** argv);

}  // namespace alarmd::app
