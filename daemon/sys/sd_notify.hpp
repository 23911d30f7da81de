#pragma once
// systemd notifications (Type=notify): READY, STATUS, STOPPING, WATCHDOG. No-ops outside systemd.
#include <chrono>
#include <optional>
#include <string_view>

namespace alarmd::sys {

void notify_ready();
void notify_status(std::string_view status);
void notify_stopping();
void notify_reloading();
void notify_watchdog();

// The interval at which WATCHDOG=1 must be sent (half of WatchdogSec), if the unit asks for it.
[[nodiscard]] std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace alarmd::sys
