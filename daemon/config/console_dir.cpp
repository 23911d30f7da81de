#include "daemon/config/console_dir.hpp"

#include <system_error>

namespace alarmd::config::detail {

namespace {

// build/release/daemon/alarmd is three levels below the checkout, a test binary four or five.
constexpr int source_tree_levels = 5;

}  // namespace

bool is_console_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(dir / "index.html", ec);
}

std::vector<std::filesystem::path> console_dir_candidates(const std::filesystem::path& exe) {
    std::vector<std::filesystem::path> out;
    const auto bin = exe.parent_path();
    out.push_back((bin.parent_path() / "share" / "alarmd" / "console").lexically_normal());
    auto dir = bin;
    for (int i = 0; i < source_tree_levels && dir.has_relative_path(); ++i) {
        std::error_code ec;
        // A source tree, not any folder that happens to be called console (/console, /usr/console).
        if (std::filesystem::is_regular_file(dir / "CMakeLists.txt", ec)) {
            out.push_back(dir / "console");
        }
        dir = dir.parent_path();
    }
    return out;
}

std::optional<std::filesystem::path> default_console_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) {
        return std::nullopt;
    }
    for (const auto& dir : console_dir_candidates(exe)) {
        if (is_console_dir(dir)) {
            return dir;
        }
    }
    return std::nullopt;
}

}  // namespace alarmd::config::detail
