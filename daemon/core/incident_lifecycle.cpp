#include "daemon/core/incident_lifecycle.hpp"

#include "daemon/core/name_table.hpp"

namespace alarmd::core {
namespace {

constexpr detail::name_table<lifecycle_action, 5> action_names{{
    {lifecycle_action::ack, "ack"},
    {lifecycle_action::arrive, "arrive"},
    {lifecycle_action::resolve, "resolve"},
    {lifecycle_action::review, "review"},
    {lifecycle_action::hold, "hold"},
}};

}  // namespace

std::string_view to_string(lifecycle_action a) { return detail::name_of(action_names, a); }

std::optional<lifecycle_action> parse_lifecycle_action(std::string_view s) {
    return detail::value_of(action_names, s);
}

std::optional<std::string> apply(incident& inc, const lifecycle_request& req, time_point now) {
    const stamp who{req.by, now};
    if (req.action == lifecycle_action::review) {
        if (inc.state != incident_state::resolved) {
            return "only a resolved incident can be reviewed (state is " +
                   std::string(to_string(inc.state)) + ")";
        }
        inc.state = incident_state::reviewed;
        inc.reviewed = who;
        if (!req.note.empty()) {
            inc.note += (inc.note.empty() ? "" : "\n") + req.note;
        }
        inc.updated_at = now;
        return std::nullopt;
    }
    if (!inc.is_open()) {
        return "incident is " + std::string(to_string(inc.state));
    }
    switch (req.action) {
        case lifecycle_action::ack:
            if (inc.state != incident_state::open) {
                return "incident is already " + std::string(to_string(inc.state));
            }
            inc.state = incident_state::acknowledged;
            inc.acknowledged = who;
            break;
        case lifecycle_action::arrive:
            if (inc.state == incident_state::on_site) {
                return "incident is already on_site";
            }
            if (!inc.acknowledged) {
                inc.acknowledged = who;  // arriving on site acknowledges it too
            }
            inc.state = incident_state::on_site;
            inc.arrived = who;
            break;
        case lifecycle_action::resolve:
            if (req.result == outcome::none) {
                return "outcome is required: real, false_alarm or test";
            }
            inc.state = incident_state::resolved;
            inc.result = req.result;
            inc.resolved = who;
            inc.note = req.note;
            break;
        case lifecycle_action::hold:
            if (inc.held) {
                return "the resident notice is already held";
            }
            inc.held = who;
            break;
        case lifecycle_action::review:
            break;  // handled above
    }
    inc.updated_at = now;
    return std::nullopt;
}

}  // namespace alarmd::core
