#pragma once
// Where the guard console's files are (server.console_dir), and the default when the config
// does not say: the installed share folder beside the binary, else the source tree the binary
// was built in (scripts/run).
#include <filesystem>
#include <optional>
#include <vector>

namespace alarmd::config::detail {

// A folder that can be the console: it holds a regular file index.html.
[[nodiscard]] bool is_console_dir(const std::filesystem::path& dir);

// The folders tried for a binary at `exe`, in order: `<exe's folder>/../share/alarmd/console`
// (an installed /usr/bin/alarmd finds /usr/share/alarmd/console), then `console` in each of the
// binary's ancestor folders, up to five levels up, that also hold a CMakeLists.txt (a source
// tree: build/release/daemon/alarmd finds the checkout's console/).
[[nodiscard]] std::vector<std::filesystem::path> console_dir_candidates(
    const std::filesystem::path& exe);

// The first candidate for the running binary (/proc/self/exe) that is a console, if any.
[[nodiscard]] std::optional<std::filesystem::path> default_console_dir();

}  // namespace alarmd::config::detail
