#pragma once
// Arm / disarm / bypass state per zone, changed by panel events or operators. A zone with no
// record of its own takes its device's ("device/*"); a device with none is armed. A bypass is
// temporary: it carries when it ends, and expire() re-arms what is due.
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/core/event.hpp"

namespace alarmd::core {

enum class zone_mode { armed, disarmed, bypassed };

struct zone_record {
    zone_mode mode = zone_mode::armed;
    std::string by;        // who changed it: a person, an http source, the device, or alarmd
    time_point changed_at;
    std::string event_id;  // the event that changed it (none for alarmd's own re-arm)
    std::string reason;    // why, as the operator wrote it ("bypass_expired" for alarmd)
    std::optional<time_point> expires_at;  // a bypass: when it re-arms itself
};

[[nodiscard]] std::string_view to_string(zone_mode m);
[[nodiscard]] std::optional<zone_mode> parse_zone_mode(std::string_view s);

// Zone records kept at most: keys come from the network (any zone a panel names).
inline constexpr std::size_t zone_records_max = 65536;

class zone_table {
public:
    // "device/zone", or "device/*" for the whole device.
    [[nodiscard]] static std::string key(std::string_view device, std::string_view zone);

    [[nodiscard]] zone_mode mode_of(std::string_view device, std::string_view zone) const;

    // Sets one zone, or the whole device when `zone` is empty. Returns the key it changed, or
    // nothing when the key is new and the table is full.
    std::optional<std::string> set(std::string_view device, std::string_view zone,
                                   zone_mode mode, zone_record rec);

    // Puts back a record read from Redis at start.
    void load(const std::string& key, zone_record rec);

    // Re-arms every bypass whose time is up (at most `limit` per call); the keys it changed.
    std::vector<std::string> expire(time_point now, std::size_t limit = 1024);

    [[nodiscard]] const std::map<std::string, zone_record, std::less<>>& records() const {
        return records_;
    }
    [[nodiscard]] const zone_record* find(std::string_view key) const;

private:
    void put(const std::string& key, zone_record rec);

    std::map<std::string, zone_record, std::less<>> records_;
    std::set<std::pair<time_point, std::string>> expiries_;  // bypasses by their end
};

}  // namespace alarmd::core
