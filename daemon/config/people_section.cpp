// The people who use the consoles and receive notices: guards, team leads, managers, admins.
#include <array>

#include "daemon/config/sections.hpp"
#include "daemon/config/text_checks.hpp"

namespace alarmd::config::detail {

namespace {

void read_time(object& s, std::string_view key, std::string& out) {
    if (s.require(key, out, "HH:MM") && !is_hhmm(out)) {
        s.error(key, "bad time " + quote_value(out) + " (use HH:MM, 00:00..23:59, e.g. 08:00)");
    }
}

void read_person(object& p, config& out, int line) {
    person v;
    v.line = line;
    if (read_id(p, "id", v.id, "a person needs an id")) {
        check_unique(p, "id", "person id", v.id);
    }
    p.get("name", v.name);
    if (!p.has("role")) {
        p.missing("role", "guard, team_lead, manager or admin");
    } else {
        p.get("role", v.person_role, role_names);
    }
    if (p.get("phone", v.phone) && !is_phone(v.phone)) {
        p.error("phone", "bad phone number " + quote_value(v.phone) +
                             " (use digits with an optional leading +, e.g. +8613800000001)");
    }
    read_token(p, v.token_sha256, "a person needs a token");
    p.for_each_item("shifts", [&](const YAML::Node& node, const std::string& path, int at) {
        object s(p.owner(), node, path, at, {"from", "to"});
        if (!s.valid()) {
            return;
        }
        shift sh;
        read_time(s, "from", sh.from);
        read_time(s, "to", sh.to);
        v.shifts.push_back(std::move(sh));
    });
    out.people.push_back(std::move(v));
}

}  // namespace

void read_people(object& root, config& out) {
    root.for_each_item("people", [&](const YAML::Node& node, const std::string& path, int line) {
        object p(root.owner(), node, path, line,
                 {"id", "name", "role", "phone", "token_sha256", "shifts"});
        if (p.valid()) {
            read_person(p, out, line);
        }
    });
}

}  // namespace alarmd::config::detail
