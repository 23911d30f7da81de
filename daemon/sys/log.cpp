#include "daemon/sys/log.hpp"

#include <cstdlib>
#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace alarmd::sys {
namespace {

std::mutex log_mutex;
spdlog::sink_ptr shared_sink;
spdlog::level::level_enum shared_level = spdlog::level::info;

spdlog::sink_ptr sink() {
    if (!shared_sink) {
        shared_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        const bool journald = std::getenv("JOURNAL_STREAM") != nullptr;
        shared_sink->set_pattern(journald ? "%n %l %v" : "%Y-%m-%dT%H:%M:%S.%e %n %l %v");
    }
    return shared_sink;
}

}  // namespace

std::shared_ptr<spdlog::logger> logger(const std::string& name) {
    std::lock_guard lock(log_mutex);
    if (auto existing = spdlog::get(name)) {
        return existing;
    }
    auto made = std::make_shared<spdlog::logger>(name, sink());
    made->set_level(shared_level);
    spdlog::register_logger(made);
    return made;
}

void setup_logging(const std::string& level) {
    std::lock_guard lock(log_mutex);
    shared_level = spdlog::level::from_str(level);
    sink();
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->set_level(shared_level); });
}

}  // namespace alarmd::sys
