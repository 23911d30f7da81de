#pragma once
// What a log record becomes in the systemd journal: its priority, and the fields an admin
// filters on (`journalctl -u alarmd INCIDENT=inc-…`), read from the record's key=value text.
// Pure: tested without a journal.
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/common.h>

namespace alarmd::sys {

// syslog priority: critical 2, error 3, warning 4, info 6, debug and trace 7.
[[nodiscard]] int journal_priority(spdlog::level::level_enum level);

// "INCIDENT=inc-1", "DEVICE=panel-b1", … for the keys alarmd's lines use to name things (event,
// incident, device, zone, account, person, gateway), in the order they appear, each once; a
// quoted value ("…") is taken without its quotes.
[[nodiscard]] std::vector<std::string> journal_fields(std::string_view text);

// True when this process's stderr is the journal's stream (JOURNAL_STREAM names its device and
// inode, as systemd sets it for a unit's stdout/stderr), not merely inherited from a parent.
[[nodiscard]] bool stderr_is_journal();

}  // namespace alarmd::sys
