#include "daemon/config/policies.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <vector>

#include "daemon/config/duration.hpp"
#include "daemon/config/sections.hpp"
#include "daemon/config/text_checks.hpp"

namespace alarmd::config {

policy builtin_default_policy() {
    using enum stage_target;
    using enum stage_channel;
    using enum stage_condition;
    policy p;
    p.name = "default";
    p.stages = {
        {"alert", 0s, {guard}, {ws}, {}, ""},
        {"report", 1min, {team_lead}, {ws, sms}, {false_alarm, test}, ""},
        {"manager", 5min, {manager}, {sms}, {resolved}, ""},
        {"residents", 10min, {residents}, {sms}, {false_alarm, test, held}, ""},
    };
    // The seeds' special-event rule: team lead within 1 min, manager 5, residents 10.
    p.sla = {{"report", 1min}, {"manager", 5min}, {"residents", 10min}, {"on_site", 15min}};
    return p;
}

policy builtin_callback_policy() {
    using enum stage_target;
    using enum stage_channel;
    using enum stage_condition;
    policy p;
    p.name = "callback";
    // Resolving the incident is what says somebody called back; until then it climbs.
    p.stages = {
        {"alert", 0s, {guard}, {ws}, {}, ""},
        {"report", 5min, {team_lead}, {ws, sms}, {resolved}, ""},
        {"manager", 15min, {manager}, {sms}, {resolved}, ""},
    };
    p.plan = "Call the resident back; resolve with a note of what was said.";
    return p;
}

namespace detail {

namespace {

// The event categories of SPEC.md "Event"; a policy is named after one (or is `default`).
constexpr std::array<std::string_view, 15> categories{
    "fire",      "perimeter",  "intrusion", "panic",       "door",
    "intercom_emergency",      "hotline_call", "callback", "water_leak",
    "power",     "equipment",  "tamper",    "comm_fault",  "supervisory", "test"};

constexpr std::array<name_of<stage_target>, 4> targets{{
    {"guard", stage_target::guard},
    {"team_lead", stage_target::team_lead},
    {"manager", stage_target::manager},
    {"residents", stage_target::residents},
}};

constexpr std::array<name_of<stage_channel>, 2> channels{{
    {"ws", stage_channel::ws},
    {"sms", stage_channel::sms},
}};

constexpr std::array<name_of<stage_condition>, 5> conditions{{
    {"false_alarm", stage_condition::false_alarm},
    {"test", stage_condition::test},
    {"resolved", stage_condition::resolved},
    {"acknowledged", stage_condition::acknowledged},
    {"held", stage_condition::held},
}};

// A policy as written, before inheritance fills it in.
struct written_policy {
    policy value;
    bool has_stages = false;
    bool has_sla = false;
    std::map<std::string, int> sla_lines;  // to name the line of an sla key no stage has
    int inherit_line = 0;
    std::string path;
};

[[nodiscard]] bool is_category(std::string_view name) {
    return std::find(categories.begin(), categories.end(), name) != categories.end();
}

void read_stage(object& s, const std::string& policy_path, std::vector<stage>& out) {
    stage v;
    if (read_id(s, "name", v.name, "a stage needs a name")) {
        const int line = s.line_of("name");
        if (const int first = s.owner().first_seen("stage of " + policy_path, v.name, line)) {
            s.owner().error(line, "duplicate stage name " + quote_value(v.name) + " in " +
                                      policy_path + " (first at line " + std::to_string(first) +
                                      ")");
        }
    }
    if (!s.has("at")) {
        s.missing("at", "when it fires after the incident opens, e.g. 1m");
    }
    s.get("at", v.at, bounds::stage_at);
    if (!s.has("to")) {
        s.missing("to", "who gets it: guard, team_lead, manager, residents");
    } else if (s.get("to", v.to, targets) && v.to.empty()) {
        s.error("to", "empty (who gets it: guard, team_lead, manager, residents)");
    }
    if (!s.has("via")) {
        s.missing("via", "ws, sms or both");
    } else if (s.get("via", v.via, channels) && v.via.empty()) {
        s.error("via", "empty (ws, sms or both)");
    }
    s.get("unless", v.unless, conditions);
    s.get("message", v.message);
    out.push_back(std::move(v));
}

void read_policy(object& p, written_policy& w) {
    if (p.get("inherit", w.value.inherit)) {
        w.inherit_line = p.line_of("inherit");
    }
    w.has_stages = p.has("stages");
    std::size_t items = 0;
    p.for_each_item("stages", [&](const YAML::Node& node, const std::string& path, int line) {
        ++items;
        object s(p.owner(), node, path, line, {"name", "at", "to", "via", "unless", "message"});
        if (s.valid()) {
            read_stage(s, w.path, w.value.stages);
        }
    });
    if (w.has_stages && items == 0 && p.is_list("stages")) {
        p.error("stages", "empty (list the stages, or leave `stages` out to inherit them)");
    }
    p.get("plan", w.value.plan);
    p.get("realert", w.value.realert, bounds::realert);
    p.get("auto_resolve_on_restore", w.value.auto_resolve_on_restore);
    p.get("auto_resolve_within", w.value.auto_resolve_within, bounds::auto_resolve_within);
    w.has_sla = p.has("sla");
    p.for_each_entry("sla", [&](const std::string& name, const YAML::Node& node,
                                const std::string& path, int line) {
        auto d = node.IsScalar() ? parse_duration(node.Scalar()) : std::nullopt;
        if (!d || *d < bounds::sla_limit.min || *d > bounds::sla_limit.max) {
            p.owner().error(line, path + ": bad duration (use ms, s, m, h, e.g. 1m; at most 168h)");
            return;
        }
        w.value.sla[name] = *d;
        w.sla_lines[name] = line;
    });
}

// Every sla key names a stage of the (complete) policy, or on_site.
void check_sla(reader& r, const written_policy& w) {
    for (const auto& [key, line] : w.sla_lines) {
        const std::string& name = key;  // clang 14 cannot capture a structured binding
        const auto& stages = w.value.stages;
        const bool known = name == "on_site" ||
                           std::any_of(stages.begin(), stages.end(),
                                       [&](const stage& st) { return st.name == name; });
        if (!known) {
            r.error(line, w.path + ".sla." + name + ": no stage is called " + quote_value(name) +
                              " (use a stage name or on_site)");
        }
    }
}

// Fills each policy from its parent (`inherit`, or `default` when not given), parents first.
class inheritance {
public:
    inheritance(reader& r, std::map<std::string, written_policy>& all) : r_(r), all_(all) {
        state_["default"] = state::done;  // complete before the others (see read_policies)
    }

    void resolve(const std::string& name) {
        if (state_[name] == state::done) {
            return;
        }
        written_policy& w = all_.at(name);
        state_[name] = state::active;
        chain_.push_back(name);
        std::string parent = w.value.inherit.empty() ? "default" : w.value.inherit;
        if (!all_.contains(parent)) {
            r_.error(w.inherit_line, w.path + ".inherit: unknown policy " + quote_value(parent));
            parent = "default";
        }
        if (state_[parent] == state::active) {
            r_.error(w.inherit_line, w.path + ".inherit: inheritance cycle " + cycle(parent));
        } else {
            resolve(parent);
        }
        inherit_from(w.value, all_.at(parent), w.has_stages, w.has_sla);
        chain_.pop_back();
        state_[name] = state::done;
    }

private:
    enum class state { todo, active, done };

    [[nodiscard]] std::string cycle(const std::string& back_to) const {
        std::string text;
        auto it = std::find(chain_.begin(), chain_.end(), back_to);
        for (; it != chain_.end(); ++it) {
            text += *it + " -> ";
        }
        return text + back_to;
    }

    static void inherit_from(policy& p, const written_policy& parent, bool has_stages,
                             bool has_sla) {
        p.inherit = parent.value.name;
        if (!has_sla) {
            p.sla = parent.value.sla;
        }
        if (!has_stages) {
            p.stages = parent.value.stages;
        }
        if (p.plan.empty()) {
            p.plan = parent.value.plan;
        }
        if (!p.realert) {
            p.realert = parent.value.realert;
        }
        if (!p.auto_resolve_on_restore) {
            p.auto_resolve_on_restore = parent.value.auto_resolve_on_restore;
        }
        if (!p.auto_resolve_within) {
            p.auto_resolve_within = parent.value.auto_resolve_within;
        }
    }

    reader& r_;
    std::map<std::string, written_policy>& all_;
    std::map<std::string, state> state_;
    std::vector<std::string> chain_;
};

}  // namespace

void read_policies(object& root, config& out) {
    std::map<std::string, written_policy> all;
    root.for_each_entry("policies", [&](const std::string& name, const YAML::Node& node,
                                        const std::string& path, int line) {
        if (name != "default" && !is_category(name)) {
            root.owner().error(
                line,
                path + ": unknown category " + quote_value(name) + " (use default or one of " +
                    choices(std::vector<std::string_view>(categories.begin(), categories.end())) +
                    ")");
            return;
        }
        object p(root.owner(), node, path, line,
                 {"inherit", "stages", "plan", "realert", "auto_resolve_on_restore",
                  "auto_resolve_within", "sla"});
        written_policy w;
        w.value.name = name;
        w.path = path;
        w.inherit_line = p.line();
        read_policy(p, w);
        all.emplace(name, std::move(w));
    });

    // `default` is the root of every chain: always there, never inheriting, never without stages.
    auto [def, added] = all.try_emplace("default");
    if (added) {
        def->second.value = builtin_default_policy();
    } else {
        if (!def->second.value.inherit.empty()) {
            root.owner().error(def->second.inherit_line,
                               "policies.default.inherit: the default policy cannot inherit");
            def->second.value.inherit.clear();
        }
        if (!def->second.has_stages) {
            def->second.value.stages = builtin_default_policy().stages;
        }
        if (!def->second.has_sla) {
            def->second.value.sla = builtin_default_policy().sla;
        }
    }
    // A missed hotline call must not fall to the default policy (its 10-minute stage would text
    // the caller's neighbours): unless written, `callback` is the built-in one.
    if (!all.contains("callback")) {
        written_policy w;
        w.value = builtin_callback_policy();
        w.has_stages = true;
        w.has_sla = true;
        w.path = "policies.callback";
        all.emplace("callback", std::move(w));
    }
    inheritance chains(root.owner(), all);
    for (auto& [name, w] : all) {
        if (name != "default") {
            chains.resolve(name);
        }
    }
    for (auto& [name, w] : all) {
        check_sla(root.owner(), w);
        out.policies.emplace(name, std::move(w.value));
    }
}

}  // namespace detail

}  // namespace alarmd::config
