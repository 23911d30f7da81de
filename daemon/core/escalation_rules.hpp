#pragma once
// The staged-notification rules of SPEC.md "Staged notifications", as pure functions: which
// policy applies, when each stage is due, whether a stage is skipped now, who may take which
// lifecycle step, and who is on duty.
#include <optional>
#include <string>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/core/incident.hpp"
#include "daemon/core/incident_lifecycle.hpp"

namespace alarmd::core {

// The category's policy, or `default`.
[[nodiscard]] const config::policy& policy_for(const config::config& cfg, category c);

struct planned_stage {
    std::string name;
    time_point due;
};

// One entry per stage of the incident's policy, due at opening + `at`.
[[nodiscard]] std::vector<planned_stage> plan_stages(const config::policy& p, const incident& inc);

// Why the stage must not fire for the incident as it is now ("resolved as false_alarm",
// "acknowledged", "held by mgr1", ...), or nullopt to fire it.
[[nodiscard]] std::optional<std::string> skip_reason(const config::stage& s, const incident& inc);

// Whether a person of role `r` may take `a`: guards acknowledge, arrive and resolve; team leads
// also review; managers and admins also hold (or release) the resident notice.
[[nodiscard]] bool may(config::role r, lifecycle_action a);

// Minutes since local midnight, the clock shifts are written in.
[[nodiscard]] int local_minute_of_day(time_point t);

// People of the role on duty at `minute` (a person with no shifts is always on duty).
[[nodiscard]] std::vector<const config::person*> on_duty(const config::config& cfg, config::role r,
                                                         int minute);

// Residents of the building (and unit, when the incident names one).
[[nodiscard]] std::vector<const config::resident*> residents_of(const config::config& cfg,
                                                                const std::string& building,
                                                                const std::string& unit);

}  // namespace alarmd::core
