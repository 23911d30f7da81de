#pragma once
// The site model from the config: which device is where. Locations always come from here, not
// from what a sender claims.
#include <string_view>
#include <unordered_map>

#include "daemon/config/config.hpp"
#include "daemon/core/event.hpp"

namespace alarmd::core {

class site_model {
public:
    explicit site_model(const config::config& cfg);

    [[nodiscard]] const config::device* device(std::string_view id) const;

    // Fills ev.where from the device (building, unit, floor, label) and its zone (floor, label,
    // cameras). A zone the config does not list keeps the device's location with the zone id
    // as label: panels grow zones before configs do.
    void locate(event& ev, const config::device& dev) const;

private:
    std::unordered_map<std::string, const config::device*> devices_;
};

}  // namespace alarmd::core
