#pragma once
// The daemon's times (RFC 3339, UTC) as the operator reads them: in the local time zone of the
// machine alarmctl runs on (TZ honoured), e.g. "2026-12-01 14:58:20 CST".
#include <string>
#include <string_view>

namespace alarmd::ctl {

// `rfc3339` in local time; unchanged when it is not an RFC 3339 time (or empty).
[[nodiscard]] std::string local_time_text(std::string_view rfc3339);

}  // namespace alarmd::ctl
