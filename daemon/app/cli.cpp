#include "daemon/app/cli.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "daemon/app/app.hpp"
#include "daemon/config/loader.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::app {
namespace {

constexpr const char* usage =
    "usage: alarmd --config FILE [--log-level LEVEL]\n"
    "       alarmd --check-config FILE\n"
    "       alarmd --version | --help\n"
    "\n"
    "  --config FILE        run the daemon in the foreground with this YAML config\n"
    "  --check-config FILE  validate FILE; print each problem as file:line: message\n"
    "  --log-level LEVEL    trace, debug, info (default), warn, error\n";

int print_diagnostics(const config::diagnostics& d) {
    for (const auto& item : d.items) {
        std::fprintf(stderr, "%s\n", item.str().c_str());
    }
    return 2;
}

// "file:line: warning: message", as compilers write it.
std::string warning_line(const config::diagnostic& w) {
    config::diagnostic shown = w;
    shown.message = "warning: " + w.message;
    return shown.str();
}

}  // namespace

int run_cli(int argc, char** argv) {
    std::string config_path;
    std::string check_path;
    std::string level = "info";
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "alarmd: %s needs a value\n%s", argv[i], usage);
                return false;
            }
            out = argv[++i];
            return true;
        };
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage, stdout);
            return 0;
        }
        if (arg == "--version") {
            std::puts("alarmd " ALARMD_VERSION);
            return 0;
        }
        if ((arg == "--config" && !value(config_path)) ||
            (arg == "--check-config" && !value(check_path)) ||
            (arg == "--log-level" && !value(level))) {
            return 2;
        }
        if (arg != "--config" && arg != "--check-config" && arg != "--log-level") {
            std::fprintf(stderr, "alarmd: unknown argument '%s'\n%s", argv[i], usage);
            return 2;
        }
    }
    if (!check_path.empty()) {
        auto cfg = config::load_file(check_path);
        if (!cfg) {
            return print_diagnostics(cfg.error());
        }
        // Warnings do not make the file invalid (exit 0), but they are shown with their line.
        for (const auto& w : cfg->warnings) {
            std::fprintf(stderr, "%s\n", warning_line(w).c_str());
        }
        std::printf("%s: ok (%zu devices, %zu people, %zu buildings, %zu residents, %zu warnings)\n",
                    check_path.c_str(), cfg->devices.size(), cfg->people.size(),
                    cfg->buildings.size(), cfg->residents.entries.size(), cfg->warnings.size());
        return 0;
    }
    if (config_path.empty()) {
        std::fputs(usage, stderr);
        return 2;
    }
    sys::setup_logging(level);
    auto cfg = config::load_file(config_path);
    if (!cfg) {
        return print_diagnostics(cfg.error());
    }
    if (!cfg->timezone.empty()) {
        // Before any thread starts: the C library's local time (shifts, SMS texts, reports)
        // is the estate's from here on.
        ::setenv("TZ", (":" + cfg->timezone).c_str(), 1);
        ::tzset();
        sys::logger("app")->info("event=timezone zone={}", cfg->timezone);
    }
    try {
        app daemon(std::move(*cfg));
        daemon.start();
        return daemon.run();
    } catch (const std::exception& e) {
        sys::logger("app")->critical("event=start_failed reason=\"{}\"", e.what());
        return 1;
    }
}

}  // namespace alarmd::app
