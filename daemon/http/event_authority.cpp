#include "daemon/http/event_authority.hpp"

#include <algorithm>

namespace alarmd::http {

bool changes_zone_state(core::event_kind k) {
    return k == core::event_kind::arm || k == core::event_kind::disarm ||
           k == core::event_kind::bypass;
}

std::optional<std::string> device_refusal(const std::string& device,
                                          const config::person* person,
                                          const config::http_source* source) {
    if (person != nullptr) {
        return std::nullopt;
    }
    if (source == nullptr) {
        return "unknown sender";
    }
    if (!source->devices.empty() &&
        std::find(source->devices.begin(), source->devices.end(), device) ==
            source->devices.end()) {
        return "device '" + device + "' is not among the devices of http source '" +
               source->name + "'";
    }
    return std::nullopt;
}

std::optional<std::string> event_refusal(const core::event& ev, const config::person* person,
                                         const config::http_source* source,
                                         const config::config& cfg) {
    const auto kind = std::string(core::to_string(ev.kind));
    if (person != nullptr) {
        const auto& roles = cfg.correlation.zone_roles;
        if (changes_zone_state(ev.kind) &&
            std::find(roles.begin(), roles.end(), person->person_role) == roles.end()) {
            return "role '" + std::string(config::to_string(person->person_role)) +
                   "' may not " + kind + " zones (correlation.zone_roles)";
        }
        return std::nullopt;
    }
    if (auto refusal = device_refusal(ev.device, person, source)) {
        return refusal;
    }
    const bool listed = std::find(source->kinds.begin(), source->kinds.end(), kind) !=
                        source->kinds.end();
    if (source->kinds.empty() ? changes_zone_state(ev.kind) : !listed) {
        return "http source '" + source->name + "' may not send kind '" + kind + "'";
    }
    return std::nullopt;
}

}  // namespace alarmd::http
