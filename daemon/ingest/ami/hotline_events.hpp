#pragma once
// A hotline call in the terms of the rest of alarmd: its start is a `hotline_call` alarm placed
// at the caller's building and unit when the caller is a resident (the correlator attaches it to
// an open incident of that building); a missed call is a `callback` alarm (回访: somebody must
// call back), which opens its own incident with its own policy.
#include <optional>

#include "daemon/config/config.hpp"
#include "daemon/core/event.hpp"
#include "daemon/ingest/ami/call_tracker.hpp"

namespace alarmd::ingest {

// The device every hotline event names (calls have no configured device).
inline constexpr std::string_view hotline_device = "hotline";

// nullopt for updates that are only logged (answered, ended).
[[nodiscard]] std::optional<core::event> hotline_event(const hotline_call_update& u,
                                                       const config::residents_config& residents);

}  // namespace alarmd::ingest
