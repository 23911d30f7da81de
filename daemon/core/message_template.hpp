#pragma once
// Notification texts: templates from the config filled with incident fields. Placeholders:
// {incident} {category} {building} {building_id} {unit} {floor} {label} {opened_at} {state}
// {acked_by} {plan} {count} {stage}. Unknown placeholders are left as written. Chinese by default.
#include <string>
#include <string_view>

#include "daemon/config/config.hpp"
#include "daemon/core/incident.hpp"

namespace alarmd::core {

// The Chinese name of a category for people (fire -> 火警).
[[nodiscard]] std::string_view display_name(category c);

// The built-in text of a stage when the config gives none.
[[nodiscard]] std::string_view default_template(std::string_view stage_name);

struct template_context {
    const incident& inc;
    const config::config& cfg;
    const config::policy& policy;
    std::string_view stage;
};

[[nodiscard]] std::string render(std::string_view tmpl, const template_context& ctx);

// Local time for people: "2026-11-24 14:58:20".
[[nodiscard]] std::string local_time_text(time_point t);

}  // namespace alarmd::core
