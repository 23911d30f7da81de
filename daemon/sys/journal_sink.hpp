#pragma once
// The spdlog sink used when stderr is the journal: each record is sent with sd_journal_send, so
// it keeps its priority (`journalctl -p warning` shows a Redis outage) and carries the fields of
// journal_fields.hpp. A record the journal does not take is written to stderr instead: nothing
// is lost when the journal socket is away.
#include <mutex>

#include <spdlog/sinks/base_sink.h>

namespace alarmd::sys {

class journal_sink final : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}
};

}  // namespace alarmd::sys
