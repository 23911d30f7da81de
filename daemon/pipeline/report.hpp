#pragma once
// The special-event report (特别事件报告, SPEC.md "Incident lifecycle"): the incident, its
// timeline (a page of it: an incident open for days can hold thousands of lines), one entry per
// policy stage with its deliveries, and the SLA checks; as JSON and as a readable Chinese text.
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

// The timeline lines a report carries: [from, from + lines.size()) of `total`.
struct timeline_slice {
    std::vector<std::string> lines;
    std::size_t from = 0;
    std::size_t total = 0;
};

// Timeline lines per report page: by default and at most.
inline constexpr std::size_t timeline_page_default = 1000;
inline constexpr std::size_t timeline_page_max = 10000;

// `cfg` is kept until the report is made: a reload meanwhile does not pull it away. The report
// carries timeline lines [from, from + limit).
void build_report(pipeline& pipe, store::incident_store& store, store::stage_store& stages,
                  config::snapshot cfg, const std::string& incident_id, std::size_t from,
                  std::size_t limit, report_done done);

// Pure: the report from its parts (`now` decides checks still pending).
[[nodiscard]] boost::json::object make_report(
    const core::incident& inc, const config::config& cfg, const timeline_slice& timeline,
    const std::vector<std::pair<std::string, std::string>>& stage_records, core::time_point now);

[[nodiscard]] std::string report_text(const boost::json::object& report,
                                      const config::config& cfg);

}  // namespace alarmd::pipeline
