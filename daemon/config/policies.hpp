#pragma once
// Escalation policies: the built-in default and inheritance, resolved at load time so that every
// policy the daemon sees has its complete list of stages.
#include "daemon/config/config.hpp"

namespace alarmd::config {

// SPEC.md "Staged notifications": alert 0s guards ws; report 1m team lead ws+sms unless
// false_alarm/test; manager 5m manager sms unless resolved; residents 10m residents sms unless
// false_alarm/test/held. Used when the config has no `default` policy, or one without stages.
[[nodiscard]] policy builtin_default_policy();

// A missed hotline call (category callback): guards at once; the team lead at 5 min and the
// managers at 15 min unless resolved (called back). Used when the config has no `callback`.
[[nodiscard]] policy builtin_callback_policy();

}  // namespace alarmd::config
