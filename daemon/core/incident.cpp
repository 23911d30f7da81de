#include "daemon/core/incident.hpp"

#include "daemon/core/name_table.hpp"

namespace alarmd::core {
namespace {

constexpr detail::name_table<incident_state, 5> state_names{{
    {incident_state::open, "open"},
    {incident_state::acknowledged, "acknowledged"},
    {incident_state::on_site, "on_site"},
    {incident_state::resolved, "resolved"},
    {incident_state::reviewed, "reviewed"},
}};

constexpr detail::name_table<outcome, 4> outcome_names{{
    {outcome::none, "none"},
    {outcome::real, "real"},
    {outcome::false_alarm, "false_alarm"},
    {outcome::test, "test"},
}};

}  // namespace

incident_zone* incident::find_zone(std::string_view device, std::string_view zone) {
    for (auto& z : zones) {
        if (z.device == device && z.zone == zone) {
            return &z;
        }
    }
    return nullptr;
}

std::string_view to_string(incident_state s) { return detail::name_of(state_names, s); }
std::string_view to_string(outcome o) { return detail::name_of(outcome_names, o); }
std::optional<incident_state> parse_incident_state(std::string_view s) {
    return detail::value_of(state_names, s);
}
std::optional<outcome> parse_outcome(std::string_view s) { return detail::value_of(outcome_names, s); }

}  // namespace alarmd::core
