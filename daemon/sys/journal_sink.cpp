#include "daemon/sys/journal_sink.hpp"

#include <sys/uio.h>

#include <cstdio>
#include <string>
#include <vector>

#include <systemd/sd-journal.h>

#include "daemon/sys/journal_fields.hpp"
#include "daemon/sys/log_escape.hpp"

namespace alarmd::sys {

void journal_sink::sink_it_(const spdlog::details::log_msg& msg) {
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    const std::string text =
        log_text_is_plain(payload) ? std::string(payload) : escape_log_text(payload);
    const std::string_view logger(msg.logger_name.data(), msg.logger_name.size());

    std::vector<std::string> entries;
    entries.reserve(12);
    entries.push_back("MESSAGE=" + std::string(logger) + " " + text);
    entries.push_back("PRIORITY=" + std::to_string(journal_priority(msg.level)));
    entries.push_back("SYSLOG_IDENTIFIER=alarmd");
    entries.push_back("ALARMD_LOGGER=" + std::string(logger));
    for (auto& f : journal_fields(text)) {
        entries.push_back(std::move(f));
    }
    std::vector<iovec> iov;
    iov.reserve(entries.size());
    for (auto& e : entries) {
        iov.push_back({e.data(), e.size()});
    }
    if (sd_journal_sendv(iov.data(), static_cast<int>(iov.size())) < 0) {
        std::fprintf(stderr, "%.*s %s %s\n", static_cast<int>(logger.size()), logger.data(),
                     spdlog::level::to_string_view(msg.level).data(), text.c_str());
    }
}

}  // namespace alarmd::sys
