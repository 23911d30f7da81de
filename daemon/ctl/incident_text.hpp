#pragma once
// How an incident reads on the terminal: a row of the list, the `show` page, and the one-line
// answer to a lifecycle step. Input is the incident JSON of the API (daemon/wire/model_json).
#include <ostream>
#include <string>

#include <boost/json/fwd.hpp>

#include "daemon/ctl/args.hpp"

namespace alarmd::ctl {

// The `incidents` table, or "no incidents" when the array is empty.
// Zone records not armed, as a table: ZONE, MODE, BY, SINCE, UNTIL, REASON.
void print_zone_list(std::ostream& out, const boost::json::array& zones);
void print_incident_list(std::ostream& out, const boost::json::array& incidents,
                         const std::string& state);

// The `show` page: key: value lines, then the zones.
void print_incident(std::ostream& out, const boost::json::object& incident);

// "inc-…: acknowledged by g01" for the step that was just done.
[[nodiscard]] std::string step_summary(command step, const boost::json::object& incident);

}  // namespace alarmd::ctl
