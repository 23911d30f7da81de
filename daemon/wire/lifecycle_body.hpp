#pragma once
// The fields of a lifecycle step (ack, arrive, resolve, review, hold), from the body of
// POST /v1/incidents/ID/STEP or from a guard's WebSocket request: `outcome` (resolve only:
// real, false_alarm or test; required there) and `note`. Bad fields are named, as for events.
#include <string_view>

#include <boost/json/fwd.hpp>

#include "daemon/core/incident_lifecycle.hpp"
#include "daemon/wire/event_body.hpp"

namespace alarmd::wire {

inline constexpr std::size_t max_note = 2048;

// `by` is the person taking the step (from their token, never from the body).
[[nodiscard]] result<core::lifecycle_request, field_error> parse_lifecycle_fields(
    core::lifecycle_action action, const boost::json::object& fields, std::string by);

// An HTTP body: empty (no fields) or a JSON object.
[[nodiscard]] result<core::lifecycle_request, field_error> parse_lifecycle_body(
    core::lifecycle_action action, std::string_view body, std::string by);

}  // namespace alarmd::wire
