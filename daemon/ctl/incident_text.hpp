#pragma once
// How an incident reads on the terminal: a row of the list, the `show` page, and the one-line
// answer to a lifecycle step. Input is the incident JSON of the API (daemon/wire/model_json).
#include <map>
#include <ostream>
#include <string>

#include <boost/json/fwd.hpp>

#include "daemon/ctl/args.hpp"

namespace alarmd::ctl {

// Building id -> name (GET /v1/buildings). Empty when the daemon did not say: ids are shown.
using building_names = std::map<std::string, std::string, std::less<>>;

// Zone records not armed, as a table: ZONE, MODE, BY, SINCE, UNTIL, REASON.
void print_zone_list(std::ostream& out, const boost::json::array& zones);

// The `incidents` table, or "no incidents" when the array is empty. BUILDING is the name.
void print_incident_list(std::ostream& out, const boost::json::array& incidents,
                         const std::string& state, const building_names& names);

// The `show` page: key: value lines ("building: 3号楼 (B3), unit 301"), then the zones.
void print_incident(std::ostream& out, const boost::json::object& incident,
                    const building_names& names);

// "inc-…: acknowledged by g01" for the step that was just done.
[[nodiscard]] std::string step_summary(command step, const boost::json::object& incident);

}  // namespace alarmd::ctl
