#include "daemon/core/zone_state.hpp"

#include "daemon/core/name_table.hpp"
#include "daemon/core/string_keys.hpp"

namespace alarmd::core {
namespace {

constexpr detail::name_table<zone_mode, 3> mode_names{{
    {zone_mode::armed, "armed"},
    {zone_mode::disarmed, "disarmed"},
    {zone_mode::bypassed, "bypassed"},
}};

}  // namespace

std::string_view to_string(zone_mode m) { return detail::name_of(mode_names, m); }
std::optional<zone_mode> parse_zone_mode(std::string_view s) {
    return detail::value_of(mode_names, s);
}

std::string zone_table::key(std::string_view device, std::string_view zone) {
    std::string k;
    k.reserve(device.size() + zone.size() + 1);
    k.append(device).append("/").append(zone.empty() ? std::string_view{"*"} : zone);
    return k;
}

const zone_record* zone_table::find(std::string_view k) const {
    auto it = records_.find(k);
    return it == records_.end() ? nullptr : &it->second;
}

zone_mode zone_table::mode_of(std::string_view device, std::string_view zone) const {
    if (records_.empty()) {
        return zone_mode::armed;  // the common case: nothing armed, disarmed or bypassed
    }
    thread_local std::string k;
    if (!zone.empty()) {
        if (const auto* own = find(join_into(k, {device, zone}, '/'))) {
            return own->mode;
        }
    }
    if (const auto* whole = find(join_into(k, {device, "*"}, '/'))) {
        return whole->mode;
    }
    return zone_mode::armed;
}

std::optional<std::string> zone_table::set(std::string_view device, std::string_view zone,
                                           zone_mode mode, zone_record rec) {
    rec.mode = mode;
    auto k = key(device, zone);
    if (records_.size() >= zone_records_max && !records_.contains(k)) {
        return std::nullopt;
    }
    put(k, std::move(rec));
    return k;
}

void zone_table::load(const std::string& key, zone_record rec) {
    if (records_.size() >= zone_records_max && !records_.contains(key)) {
        return;
    }
    put(key, std::move(rec));
}

void zone_table::put(const std::string& key, zone_record rec) {
    if (auto it = records_.find(key); it != records_.end() && it->second.expires_at) {
        expiries_.erase({*it->second.expires_at, key});
    }
    if (rec.mode != zone_mode::bypassed) {
        rec.expires_at.reset();
    }
    if (rec.expires_at) {
        expiries_.emplace(*rec.expires_at, key);
    }
    records_[key] = std::move(rec);
}

std::vector<std::string> zone_table::expire(time_point now, std::size_t limit) {
    std::vector<std::string> changed;
    while (!expiries_.empty() && expiries_.begin()->first <= now && changed.size() < limit) {
        auto key = expiries_.begin()->second;
        put(key, zone_record{zone_mode::armed, "alarmd", now, {}, "bypass_expired", std::nullopt});
        changed.push_back(std::move(key));
    }
    return changed;
}

}  // namespace alarmd::core
