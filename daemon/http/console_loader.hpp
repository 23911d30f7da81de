#pragma once
// Reading the guard console's folder into a static_files table: at start (before the event loop
// runs) and on SIGHUP on the loader thread, never on the loop.
#include <memory>
#include <string>
#include <vector>

#include "daemon/config/config.hpp"

namespace alarmd::http {

class static_files;

struct console_load {
    std::shared_ptr<const static_files> files;  // null: the console is off or unreadable
    std::string problem;                        // why it is unreadable (empty when off)
};

// Every file under cfg.server.console_dir (four folders deep at most; hidden names, unknown
// extensions and names with other than letters, digits, '-', '_', '.' skipped), within
// limits on count and size, with the CSP that lets images come from the cameras' origins.
[[nodiscard]] console_load load_console(const config::config& cfg);

// The origins of the cameras written as http(s) URLs in the devices' zones and points, so
// their snapshots may show in the console (the CSP's img-src); at most 64, sorted.
[[nodiscard]] std::vector<std::string> camera_origins(const config::config& cfg);

}  // namespace alarmd::http
