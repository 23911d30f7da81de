#include "daemon/config/config.hpp"

#include <algorithm>

#include "daemon/config/phone_number.hpp"

namespace alarmd::config {

// Linear: an estate has tens to a few hundred devices and buildings; callers on a hot path keep
// their own index.
const device* config::find_device(std::string_view id) const {
    const auto it =
        std::find_if(devices.begin(), devices.end(), [id](const device& d) { return d.id == id; });
    return it == devices.end() ? nullptr : &*it;
}

const building* config::find_building(std::string_view id) const {
    const auto it = std::find_if(buildings.begin(), buildings.end(),
                                 [id](const building& b) { return b.id == id; });
    return it == buildings.end() ? nullptr : &*it;
}

const resident* residents_config::find_by_phone(std::string_view phone) const {
    const auto key = normalize_phone(phone);
    if (key.empty()) {
        return nullptr;
    }
    const auto it = by_phone.find(key);
    return it == by_phone.end() ? nullptr : &entries.at(it->second);
}

const char* to_string(role r) {
    switch (r) {
        case role::guard:
            return "guard";
        case role::team_lead:
            return "team_lead";
        case role::manager:
            return "manager";
        case role::admin:
            return "admin";
    }
    return "unknown";
}

const char* to_string(device_protocol p) {
    switch (p) {
        case device_protocol::sia:
            return "sia";
        case device_protocol::gb26875:
            return "gb26875";
        case device_protocol::http:
            return "http";
        case device_protocol::ami:
            return "ami";
    }
    return "unknown";
}

}  // namespace alarmd::config
