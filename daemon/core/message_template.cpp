#include "daemon/core/message_template.hpp"

#include <cstdio>
#include <ctime>

#include "daemon/core/name_table.hpp"

namespace alarmd::core {
namespace {

constexpr detail::name_table<category, 15> display_names{{
    {category::fire, "火警"},
    {category::perimeter, "周界报警"},
    {category::intrusion, "入侵报警"},
    {category::panic, "紧急求助"},
    {category::door, "门禁报警"},
    {category::intercom_emergency, "对讲紧急呼叫"},
    {category::hotline_call, "热线来电"},
    {category::callback, "未接来电回访"},
    {category::water_leak, "漏水报警"},
    {category::power, "电源故障"},
    {category::equipment, "设备故障"},
    {category::tamper, "防拆报警"},
    {category::comm_fault, "通讯故障"},
    {category::supervisory, "监视信号"},
    {category::test, "测试"},
}};

std::string building_name(const config::config& cfg, const std::string& id) {
    const auto* b = cfg.find_building(id);
    return b != nullptr && !b->name.empty() ? b->name : id;
}

std::string floor_text(const incident& inc) {
    for (const auto& z : inc.zones) {
        if (z.floor) {
            return *z.floor < 0 ? "B" + std::to_string(-*z.floor) : std::to_string(*z.floor) + "F";
        }
    }
    return "";
}

std::string value_of(std::string_view key, const template_context& c) {
    const auto& inc = c.inc;
    if (key == "incident") {
        return inc.id;
    }
    if (key == "category") {
        return std::string(display_name(inc.what));
    }
    if (key == "building") {
        return building_name(c.cfg, inc.building);
    }
    if (key == "building_id") {
        return inc.building;
    }
    if (key == "unit") {
        return inc.unit;
    }
    if (key == "floor") {
        return floor_text(inc);
    }
    if (key == "label") {
        return inc.title;
    }
    if (key == "opened_at") {
        return local_time_text(inc.opened_at);
    }
    if (key == "state") {
        return std::string(to_string(inc.state));
    }
    if (key == "acked_by") {
        if (!inc.acknowledged) {
            return "未确认";
        }
        for (const auto& p : c.cfg.people) {
            if (p.id == inc.acknowledged->by && !p.name.empty()) {
                return p.name;
            }
        }
        return inc.acknowledged->by;
    }
    if (key == "plan") {
        return c.policy.plan;
    }
    if (key == "count") {
        return std::to_string(inc.event_count);
    }
    if (key == "stage") {
        return std::string(c.stage);
    }
    return "{" + std::string(key) + "}";
}

}  // namespace

std::string_view display_name(category c) { return detail::name_of(display_names, c); }

std::string_view default_template(std::string_view stage_name) {
    if (stage_name == "alert") {
        return "【{category}】{building} {label}，{opened_at}。处置预案：{plan}";
    }
    if (stage_name == "report") {
        return "【{category}报告】{building} {label} 于 {opened_at} 报警，当前状态 {state}，"
               "确认人 {acked_by}。";
    }
    if (stage_name == "manager") {
        return "【{category}升级】{building} {label} 于 {opened_at} 报警，请项目负责人跟进处置。";
    }
    if (stage_name == "residents") {
        return "【物业通知】{building}发生{category}，物业人员正在处理，请保持冷静并听从工作人员指引。";
    }
    return "【{category}】{building} {label}（{stage}）";
}

std::string render(std::string_view tmpl, const template_context& ctx) {
    std::string out;
    out.reserve(tmpl.size() + 64);
    std::size_t i = 0;
    while (i < tmpl.size()) {
        const auto open = tmpl.find('{', i);
        if (open == std::string_view::npos) {
            out.append(tmpl.substr(i));
            break;
        }
        const auto close = tmpl.find('}', open + 1);
        if (close == std::string_view::npos) {
            out.append(tmpl.substr(i));
            break;
        }
        out.append(tmpl.substr(i, open - i));
        out.append(value_of(tmpl.substr(open + 1, close - open - 1), ctx));
        i = close + 1;
    }
    return out;
}

std::string local_time_text(time_point t) {
    const auto secs = clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

}  // namespace alarmd::core
