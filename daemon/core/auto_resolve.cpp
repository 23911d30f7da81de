#include "daemon/core/auto_resolve.hpp"

#include <string>

namespace alarmd::core {

namespace {

// "door closed after 42 s" reads better to a guard than a category and a zone count.
[[nodiscard]] std::string what_ended(const incident& inc) {
    switch (inc.what) {
        case category::door:
            return inc.zones.size() == 1 ? "door closed" : "doors closed";
        case category::comm_fault:
            return "device back";
        default:
            return "restored";
    }
}

}  // namespace

std::optional<lifecycle_request> auto_resolution(const incident& inc, const config::policy& p,
                                                 time_point now) {
    if (!p.auto_resolve_on_restore.value_or(false) || !inc.is_open() || !inc.all_restored()) {
        return std::nullopt;
    }
    const auto within = p.auto_resolve_within.value_or(auto_resolve_default_within);
    const auto after = now - inc.opened_at;
    if (after > within) {
        return std::nullopt;
    }
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(after).count();
    lifecycle_request req;
    req.action = lifecycle_action::resolve;
    req.by = std::string(auto_resolver);
    req.result = outcome::real;
    req.note = what_ended(inc) + " after " + std::to_string(seconds < 0 ? 0 : seconds) +
               " s; resolved automatically by policy " + p.name;
    return req;
}

}  // namespace alarmd::core
