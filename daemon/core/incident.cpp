#include "daemon/core/incident.hpp"

#include "daemon/core/name_table.hpp"

namespace alarmd::core {
namespace {

constexpr detail::name_table<incident_state, 5> state_names{{
    {incident_state::open, "open"},
    {incident_state::acknowledged, "acknowledged"},
    {incident_state::on_site, "on_site"},
    {incident_state::resolved, "resolved"},
    {incident_state::reviewed, "reviewed"},
}};

constexpr detail::name_table<outcome, 4> outcome_names{{
    {outcome::none, "none"},
    {outcome::real, "real"},
    {outcome::false_alarm, "false_alarm"},
    {outcome::test, "test"},
}};

}  // namespace

std::string zone_key(std::string_view device, std::string_view zone) {
    std::string k;
    k.reserve(device.size() + zone.size() + 1);
    k.append(device).append("/").append(zone);
    return k;
}

incident_zone* incident::find_zone(std::string_view device, std::string_view zone) {
    thread_local std::string key;
    auto it = zone_index_.find(join_into(key, {device, zone}, '/'));
    return it == zone_index_.end() ? nullptr : &zones[it->second];
}

incident_zone* incident::add_zone(incident_zone z) {
    if (zones.size() >= zones_max) {
        thread_local std::string key;  // no allocation for a zone already counted
        join_into(key, {z.device, z.zone}, '/');
        if (beyond_keys_.size() < zones_beyond_max && !beyond_keys_.contains(key)) {
            beyond_keys_.insert(key);
            ++zones_beyond;
        }
        return nullptr;
    }
    zone_index_.emplace(zone_key(z.device, z.zone), zones.size());
    unrestored_ += z.restored ? 0 : 1;
    zones.push_back(std::move(z));
    return &zones.back();
}

void incident::reindex() {
    zone_index_.clear();
    zone_index_.reserve(zones.size());
    unrestored_ = 0;
    for (std::size_t i = 0; i < zones.size(); ++i) {
        zone_index_.emplace(zone_key(zones[i].device, zones[i].zone), i);
        unrestored_ += zones[i].restored ? 0 : 1;
    }
}

void incident::set_restored(incident_zone& z, bool restored) {
    if (z.restored == restored) {
        return;
    }
    z.restored = restored;
    if (restored) {
        --unrestored_;
    } else {
        ++unrestored_;
    }
}

std::string_view to_string(incident_state s) { return detail::name_of(state_names, s); }
std::string_view to_string(outcome o) { return detail::name_of(outcome_names, o); }
std::optional<incident_state> parse_incident_state(std::string_view s) {
    return detail::value_of(state_names, s);
}
std::optional<outcome> parse_outcome(std::string_view s) { return detail::value_of(outcome_names, s); }

}  // namespace alarmd::core
