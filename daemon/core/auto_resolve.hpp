#pragma once
// Incidents that resolve themselves (policy `auto_resolve_on_restore`): a door held open and
// closed again soon after needs nobody's visit. Pure: the pipeline asks after each restore and
// carries the answer out as it would a person's resolve.
#include <chrono>
#include <optional>

#include "daemon/config/config.hpp"
#include "daemon/core/incident.hpp"
#include "daemon/core/incident_lifecycle.hpp"

namespace alarmd::core {

// Who resolves an incident by policy, in its timeline, messages and report.
inline constexpr std::string_view auto_resolver = "system";

// When a policy sets auto_resolve_on_restore without auto_resolve_within.
inline constexpr std::chrono::milliseconds auto_resolve_default_within{5 * 60 * 1000};

// After a restore at `now` marked a zone of `inc` restored: the resolve to carry out (outcome
// real, by "system", a note saying why), or nullopt to leave the incident open. Yes only when
// `p` has auto_resolve_on_restore, the incident is still open, every zone it holds is restored
// (an alarm without a restore, like a door forced, keeps it open), and `now` is within the
// policy's auto_resolve_within of its opening. O(1): counters, never a walk over the zones.
[[nodiscard]] std::optional<lifecycle_request> auto_resolution(const incident& inc,
                                                               const config::policy& p,
                                                               time_point now);

}  // namespace alarmd::core
