#include "daemon/sys/log.hpp"

#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "daemon/sys/journal_fields.hpp"
#include "daemon/sys/journal_sink.hpp"
#include "daemon/sys/log_escape.hpp"

namespace alarmd::sys {
namespace {

std::mutex log_mutex;
spdlog::sink_ptr shared_sink;
spdlog::level::level_enum shared_level = spdlog::level::info;

// The pattern, with the record's text escaped first (log_escape.hpp): one record, one line.
class escaping_formatter final : public spdlog::formatter {
public:
    explicit escaping_formatter(std::string pattern)
        : pattern_(pattern), inner_(std::make_unique<spdlog::pattern_formatter>(std::move(pattern))) {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const std::string_view text(msg.payload.data(), msg.payload.size());
        if (log_text_is_plain(text)) {
            inner_->format(msg, dest);
            return;
        }
        const auto escaped = escape_log_text(text);
        auto copy = msg;
        copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
        inner_->format(copy, dest);
    }

    [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<escaping_formatter>(pattern_);
    }

private:
    std::string pattern_;
    std::unique_ptr<spdlog::pattern_formatter> inner_;
};

spdlog::sink_ptr sink() {
    if (!shared_sink) {
        if (stderr_is_journal()) {
            // Under systemd: each line with its priority and fields (journal_sink.hpp).
            shared_sink = std::make_shared<journal_sink>();
        } else {
            shared_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
            shared_sink->set_formatter(
                std::make_unique<escaping_formatter>("%Y-%m-%dT%H:%M:%S.%e %n %l %v"));
        }
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
