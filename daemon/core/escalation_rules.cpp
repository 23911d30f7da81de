#include "daemon/core/escalation_rules.hpp"

#include <ctime>

namespace alarmd::core {
namespace {

// "HH:MM" -> minutes, or -1.
int minutes_of(const std::string& hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') {
        return -1;
    }
    auto digit = [&](std::size_t i) { return hhmm[i] >= '0' && hhmm[i] <= '9' ? hhmm[i] - '0' : -100; };
    const int h = digit(0) * 10 + digit(1);
    const int m = digit(3) * 10 + digit(4);
    if (h < 0 || h > 24 || m < 0 || m > 59) {
        return -1;
    }
    return h * 60 + m;
}

bool in_shift(const config::shift& s, int minute) {
    const int from = minutes_of(s.from);
    const int to = minutes_of(s.to);
    if (from < 0 || to < 0) {
        return false;
    }
    if (from <= to) {
        return minute >= from && minute < to;
    }
    return minute >= from || minute < to;  // wraps midnight: 20:00-08:00
}

}  // namespace

const config::policy& policy_for(const config::config& cfg, category c) {
    auto it = cfg.policies.find(std::string(to_string(c)));
    if (it == cfg.policies.end()) {
        it = cfg.policies.find("default");
    }
    if (it == cfg.policies.end()) {
        static const config::policy none{};
        return none;  // only a config built by hand (tests) has no default
    }
    return it->second;
}

std::vector<planned_stage> plan_stages(const config::policy& p, const incident& inc) {
    std::vector<planned_stage> out;
    out.reserve(p.stages.size());
    for (const auto& s : p.stages) {
        out.push_back({s.name, inc.opened_at + s.at});
    }
    return out;
}

std::optional<std::string> skip_reason(const config::stage& s, const incident& inc) {
    const bool resolved = inc.resolved.has_value();
    for (auto c : s.unless) {
        switch (c) {
            case config::stage_condition::false_alarm:
                if (resolved && inc.result == outcome::false_alarm) {
                    return "resolved as false_alarm";
                }
                break;
            case config::stage_condition::test:
                if (resolved && inc.result == outcome::test) {
                    return "resolved as test";
                }
                break;
            case config::stage_condition::resolved:
                if (resolved) {
                    return "resolved as " + std::string(to_string(inc.result));
                }
                break;
            case config::stage_condition::acknowledged:
                if (inc.acknowledged) {
                    return "acknowledged by " + inc.acknowledged->by;
                }
                break;
            case config::stage_condition::held:
                if (inc.held) {
                    return "held by " + inc.held->by;
                }
                break;
        }
    }
    return std::nullopt;
}

bool may(config::role r, lifecycle_action a) {
    switch (a) {
        case lifecycle_action::ack:
        case lifecycle_action::arrive:
        case lifecycle_action::resolve:
            return true;
        case lifecycle_action::review:
            return r != config::role::guard;
        case lifecycle_action::hold:
            return r == config::role::manager || r == config::role::admin;
    }
    return false;
}

int local_minute_of_day(time_point t) {
    const auto secs = clock::to_time_t(t);
    std::tm tm{};
    localtime_r(&secs, &tm);
    return tm.tm_hour * 60 + tm.tm_min;
}

std::vector<const config::person*> on_duty(const config::config& cfg, config::role r, int minute) {
    std::vector<const config::person*> out;
    for (const auto& p : cfg.people) {
        if (p.person_role != r) {
            continue;
        }
        bool duty = p.shifts.empty();
        for (const auto& s : p.shifts) {
            duty = duty || in_shift(s, minute);
        }
        if (duty) {
            out.push_back(&p);
        }
    }
    return out;
}

std::vector<const config::resident*> residents_of(const config::config& cfg,
                                                  const std::string& building,
                                                  const std::string& unit) {
    std::vector<const config::resident*> out;
    for (const auto& r : cfg.residents.entries) {
        if (r.building == building && (unit.empty() || r.unit == unit)) {
            out.push_back(&r);
        }
    }
    return out;
}

}  // namespace alarmd::core
