#pragma once
// Arm / disarm / bypass state per zone, changed by panel events or operators. A zone with no
// record of its own takes its device's ("device/*"); a device with none is armed.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "daemon/core/event.hpp"

namespace alarmd::core {

enum class zone_mode { armed, disarmed, bypassed };

struct zone_record {
    zone_mode mode = zone_mode::armed;
    std::string by;  // event id or person id that changed it
    time_point changed_at;
};

[[nodiscard]] std::string_view to_string(zone_mode m);
[[nodiscard]] std::optional<zone_mode> parse_zone_mode(std::string_view s);

class zone_table {
public:
    // "device/zone", or "device/*" for the whole device.
    [[nodiscard]] static std::string key(std::string_view device, std::string_view zone);

    [[nodiscard]] zone_mode mode_of(std::string_view device, std::string_view zone) const;

    // Sets one zone, or the whole device when `zone` is empty. Returns the key it changed.
    std::string set(std::string_view device, std::string_view zone, zone_mode mode,
                    zone_record rec);

    // Puts back a record read from Redis at start.
    void load(const std::string& key, zone_record rec) { records_[key] = std::move(rec); }

    [[nodiscard]] const std::map<std::string, zone_record, std::less<>>& records() const {
        return records_;
    }
    [[nodiscard]] const zone_record* find(std::string_view key) const;

private:
    std::map<std::string, zone_record, std::less<>> records_;
};

}  // namespace alarmd::core
