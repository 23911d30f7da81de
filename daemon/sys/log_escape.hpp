#pragma once
// One log record is one line. Values in log lines come from the network (a device id in a POST
// body, a DC-09 account, a WebSocket peer's text); a newline in one of them would start a forged
// line. Every record's text is escaped before it is written: control bytes become \n, \r, \t or
// \xNN, so nothing a sender writes can end the line. UTF-8 text (Chinese labels) is kept.
#include <string>
#include <string_view>

namespace alarmd::sys {

// `text` with its control bytes (0x00-0x1f, 0x7f) escaped; a backslash that would read as the
// start of an escape is doubled only when control bytes were escaped (plain text stays as is).
[[nodiscard]] std::string escape_log_text(std::string_view text);

// True when `text` needs no escaping (the common case: no copy is made).
[[nodiscard]] bool log_text_is_plain(std::string_view text);

}  // namespace alarmd::sys
