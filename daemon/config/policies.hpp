#pragma once
// Escalation policies: the built-in default and inheritance, resolved at load time so that every
// policy the daemon sees has its complete list of stages.
#include "daemon/config/config.hpp"

namespace alarmd::config {

// SPEC.md "Staged notifications": alert 0s guards ws; report 1m team lead ws+sms unless
// false_alarm/test; manager 5m manager sms unless resolved; residents 10m residents sms unless
// false_alarm/test/held. Used when the config has no `default` policy, or one without stages.
[[nodiscard]] policy builtin_default_policy();

}  // namespace alarmd::config
