#pragma once
// The lifecycle steps people take on an incident, and which state allows which step.
#include <optional>
#include <string>
#include <string_view>

#include "daemon/core/incident.hpp"

namespace alarmd::core {

enum class lifecycle_action { ack, arrive, resolve, review, hold };

struct lifecycle_request {
    lifecycle_action action = lifecycle_action::ack;
    std::string by;                  // person id
    outcome result = outcome::none;  // resolve only
    std::string note;                // resolve, review
};

[[nodiscard]] std::string_view to_string(lifecycle_action a);
[[nodiscard]] std::optional<lifecycle_action> parse_lifecycle_action(std::string_view s);

// Applies the step to `inc` at `now`. Returns why it is refused (and leaves `inc` untouched), or
// nullopt when it was applied.
[[nodiscard]] std::optional<std::string> apply(incident& inc, const lifecycle_request& req,
                                               time_point now);

}  // namespace alarmd::core
