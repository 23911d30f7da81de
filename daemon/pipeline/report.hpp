#pragma once
// The special-event report (特别事件报告, SPEC.md "Incident lifecycle"): the incident, its whole
// timeline, one entry per policy stage with its deliveries, and the SLA checks; as JSON and as a
// readable Chinese text.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "daemon/config/config.hpp"
#include "daemon/core/incident.hpp"

namespace alarmd::store {
class incident_store;
class stage_store;
}

namespace alarmd::pipeline {

class pipeline;

// error set: "no incident 'X'" or why the store could not be read.
using report_done = std::function<void(std::optional<std::string> error, boost::json::object)>;

// `cfg` is kept until the report is made: a reload meanwhile does not pull it away.
void build_report(pipeline& pipe, store::incident_store& store, store::stage_store& stages,
                  config::snapshot cfg, const std::string& incident_id, report_done done);

// Pure: the report from its parts (`now` decides checks still pending).
[[nodiscard]] boost::json::object make_report(
    const core::incident& inc, const config::config& cfg, const std::vector<std::string>& timeline,
    const std::vector<std::pair<std::string, std::string>>& stage_records, core::time_point now);

[[nodiscard]] std::string report_text(const boost::json::object& report,
                                      const config::config& cfg);

}  // namespace alarmd::pipeline
