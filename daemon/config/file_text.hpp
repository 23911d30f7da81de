#pragma once
// Reading a file the config names (the residents CSV, the TLS certificate and key) at load time,
// with a clear reason when it cannot be read.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace alarmd::config::detail {

// The file's bytes, or nullopt and a reason ("no such file", "larger than 16 MiB", ...). Only
// regular files: a path to a device or a pipe (/dev/zero, a FIFO) would hang or never end.
[[nodiscard]] std::optional<std::string> read_text(const std::filesystem::path& p,
                                                   std::uintmax_t max_bytes, std::string& why);

// `written` taken from the config file's folder when relative (as an installer expects).
[[nodiscard]] std::filesystem::path beside_config(const std::string& base_dir,
                                                  const std::string& written);

}  // namespace alarmd::config::detail
