#include "daemon/ctl/incident_text.hpp"

#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "daemon/ctl/format.hpp"
#include "daemon/ctl/local_time.hpp"

namespace alarmd::ctl {
namespace json = boost::json;

namespace {

const json::object* object_at(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

// A lifecycle stamp {by, at} as "g01 at 2024-…", or "" when the step has not happened.
std::string stamp_text(const json::object& inc, std::string_view key) {
    const auto* s = object_at(inc, key);
    if (s == nullptr) {
        return {};
    }
    auto by = text_of(*s, "by");
    auto at = local_time_text(text_of(*s, "at"));
    return at.empty() ? by : by + " at " + at;
}

// The building's name where the daemon gave one, else its id.
std::string building_name(const building_names& names, const std::string& id) {
    const auto it = names.find(id);
    return it != names.end() && !it->second.empty() ? it->second : id;
}

std::string joined(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_array()) {
        return {};
    }
    std::string out;
    for (const auto& item : v->as_array()) {
        if (!out.empty()) {
            out += ", ";
        }
        out += item.is_string() ? std::string(item.as_string()) : json::serialize(item);
    }
    return out;
}

}  // namespace

void print_zone_list(std::ostream& out, const json::array& zones) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : zones) {
        if (!v.is_object() || text_of(v.as_object(), "mode") == "armed") {
            continue;
        }
        const auto& z = v.as_object();
        rows.push_back({text_of(z, "key"), text_of(z, "mode"), text_of(z, "by"),
                        local_time_text(text_of(z, "changed_at")),
                        local_time_text(text_of(z, "expires_at")), text_of(z, "reason")});
    }
    if (rows.empty()) {
        out << "every zone armed\n";
        return;
    }
    print_table(out, {"ZONE", "MODE", "BY", "SINCE", "UNTIL", "REASON"}, rows);
}

void print_incident_list(std::ostream& out, const json::array& incidents,
                         const std::string& state, const building_names& names) {
    if (incidents.empty()) {
        out << (state == "all" ? std::string("no incidents") : "no " + state + " incidents")
            << '\n';
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : incidents) {
        if (!v.is_object()) {
            continue;
        }
        const auto& inc = v.as_object();
        rows.push_back({text_of(inc, "id"), text_of(inc, "state"), text_of(inc, "category"),
                        building_name(names, text_of(inc, "building")),
                        local_time_text(text_of(inc, "opened_at")),
                        text_of(inc, "event_count"), text_of(inc, "title")});
    }
    print_table(out, {"ID", "STATE", "CATEGORY", "BUILDING", "OPENED", "EVENTS", "TITLE"}, rows);
}

void print_incident(std::ostream& out, const json::object& inc, const building_names& names) {
    std::vector<std::pair<std::string, std::string>> fields;
    auto add = [&fields](std::string key, std::string value) {
        if (!value.empty()) {
            fields.emplace_back(std::move(key), std::move(value));
        }
    };
    add("id", text_of(inc, "id"));
    add("state", text_of(inc, "state"));
    add("outcome", text_of(inc, "outcome"));
    auto category = text_of(inc, "category");
    if (auto sev = text_of(inc, "severity"); !sev.empty()) {
        category += " (severity " + sev + ")";
    }
    add("category", category);
    auto building = text_of(inc, "building");
    if (const auto name = building_name(names, building); name != building) {
        building = name + " (" + building + ")";
    }
    if (auto unit = text_of(inc, "unit"); !unit.empty()) {
        building += ", unit " + unit;
    }
    add("building", building);
    add("title", text_of(inc, "title"));
    add("opened", local_time_text(text_of(inc, "opened_at")));
    add("updated", local_time_text(text_of(inc, "updated_at")));
    add("last event", local_time_text(text_of(inc, "last_event_at")));
    add("events", text_of(inc, "event_count"));
    add("sources", joined(inc, "sources"));
    add("cameras", joined(inc, "cameras"));
    add("acknowledged", stamp_text(inc, "acknowledged"));
    add("on site", stamp_text(inc, "arrived"));
    add("resolved", stamp_text(inc, "resolved"));
    add("reviewed", stamp_text(inc, "reviewed"));
    add("held", stamp_text(inc, "held"));
    add("note", text_of(inc, "note"));
    print_fields(out, fields);

    const auto* zones = inc.if_contains("zones");
    if (zones == nullptr || !zones->is_array() || zones->as_array().empty()) {
        return;
    }
    std::vector<std::vector<std::string>> rows;
    for (const auto& v : zones->as_array()) {
        if (!v.is_object()) {
            continue;
        }
        const auto& z = v.as_object();
        auto where = text_of(z, "device");
        if (auto zone = text_of(z, "zone"); !zone.empty()) {
            where += "/" + zone;
        }
        const auto* restored = z.if_contains("restored");
        const bool is_restored = restored != nullptr && restored->is_bool() && restored->as_bool();
        rows.push_back({where, text_of(z, "label"), text_of(z, "floor"), text_of(z, "code"),
                        text_of(z, "count"), local_time_text(text_of(z, "last_at")),
                        is_restored ? "yes" : "no"});
    }
    out << "zones:\n";
    print_table(out, {"ZONE", "LABEL", "FLOOR", "CODE", "EVENTS", "LAST", "RESTORED"}, rows, "  ");
}

std::string step_summary(command step, const json::object& inc) {
    const auto id = text_of(inc, "id");
    auto by = [&inc](std::string_view key) {
        const auto* s = object_at(inc, key);
        auto who = s != nullptr ? text_of(*s, "by") : std::string{};
        return who.empty() ? std::string{} : " by " + who;
    };
    switch (step) {
        case command::ack:
            return id + ": acknowledged" + by("acknowledged");
        case command::arrive: {
            const auto* s = object_at(inc, "arrived");
            const auto who = s != nullptr ? text_of(*s, "by") : std::string{};
            return id + (who.empty() ? ": on site" : ": " + who + " is on site");
        }
        case command::hold:
            return id + ": resident notice held" + by("held");
        case command::resolve:
            return id + ": resolved as " + text_of(inc, "outcome") + by("resolved");
        case command::review:
            return id + ": reviewed" + by("reviewed");
        default:
            return id + ": " + text_of(inc, "state");
    }
}

}  // namespace alarmd::ctl
