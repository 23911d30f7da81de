#pragma once
// Who may send which event through POST /v1/events. Arming, disarming and bypassing a zone
// silences alarms, so they are an operator's act: a person whose role is in
// `correlation.zone_roles`, or an http source that lists the kind in its `kinds`. An http source
// sends only for its own `devices` (any device when it lists none).
#include <optional>
#include <string>

#include "daemon/config/config.hpp"
#include "daemon/core/event.hpp"

namespace alarmd::http {

// Why `ev` is refused (a 403 message naming the device, kind or role), or nothing when it may
// go in. Exactly one of `person` and `source` is set: the token's owner.
[[nodiscard]] std::optional<std::string> event_refusal(const core::event& ev,
                                                       const config::person* person,
                                                       const config::http_source* source,
                                                       const config::config& cfg);

// Why the token's owner may not speak for `device` (a source's `devices`), or nothing: what a
// heartbeat, which carries no kind, is checked against.
[[nodiscard]] std::optional<std::string> device_refusal(const std::string& device,
                                                        const config::person* person,
                                                        const config::http_source* source);

// Arm, disarm and bypass: the kinds that change zone state.
[[nodiscard]] bool changes_zone_state(core::event_kind k);

}  // namespace alarmd::http
