#include "daemon/core/site_model.hpp"

namespace alarmd::core {

site_model::site_model(const config::config& cfg) {
    for (const auto& d : cfg.devices) {
        devices_.emplace(d.id, &d);
    }
}

const config::device* site_model::device(std::string_view id) const {
    auto it = devices_.find(std::string(id));
    return it == devices_.end() ? nullptr : it->second;
}

void site_model::locate(event& ev, const config::device& dev) const {
    ev.where.building = dev.building;
    ev.where.unit = dev.unit;
    ev.where.floor = dev.floor;
    ev.where.label = dev.label.empty() ? dev.id : dev.label;
    if (ev.zone.empty()) {
        return;
    }
    const auto& table = dev.protocol == config::device_protocol::gb26875 ? dev.points : dev.zones;
    auto it = table.find(ev.zone);
    if (it == table.end()) {
        ev.where.label += " " + ev.zone;
        return;
    }
    if (it->second.floor) {
        ev.where.floor = it->second.floor;
    }
    if (!it->second.label.empty()) {
        ev.where.label = it->second.label;
    }
    ev.where.cameras = it->second.cameras;
}

}  // namespace alarmd::core
