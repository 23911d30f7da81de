#include "daemon/core/correlator.hpp"

#include <algorithm>

#include "daemon/core/name_table.hpp"

namespace alarmd::core {
namespace {

constexpr detail::name_table<verdict, 8> verdict_names{{
    {verdict::opened, "opened"},
    {verdict::duplicate, "duplicate"},
    {verdict::grouped, "grouped"},
    {verdict::attached, "attached"},
    {verdict::restored, "restored"},
    {verdict::suppressed, "suppressed"},
    {verdict::zone_changed, "zone_changed"},
    {verdict::recorded, "recorded"},
}};

// Dedupe keys one incident may hold: a zone alarming with ever new codes must not grow the index
// without end; past this the group window still folds its events.
constexpr std::size_t dedupe_keys_max = 4 * zones_max;

// Grouping is per building; with no building (a hotline caller who is not a resident) only the
// same zone of the same device groups: two unknown callers are two incidents.
std::string_view group_key(std::string& buf, std::string_view building, std::string_view device,
                           std::string_view zone, std::string_view family) {
    return building.empty() ? join_into(buf, {"device", device, zone, family}, '|')
                            : join_into(buf, {building, family}, '|');
}

// Adds x unless present; true when added. The vectors are small (sources, cameras).
bool add_unique(std::vector<std::string>& v, std::string_view x) {
    if (std::find(v.begin(), v.end(), x) != v.end()) {
        return false;
    }
    v.emplace_back(x);
    return true;
}

// Points `key` of `index` at the incident; remembers the key in `owned` when it is new to it.
template <class Index, class Value>
void point(Index& index, key_set& owned, std::string_view key, Value value) {
    if (auto it = index.find(key); it != index.end()) {
        it->second = std::move(value);
    } else {
        index.emplace(std::string(key), std::move(value));
    }
    if (!owned.contains(key)) {
        owned.emplace(key);
    }
}

}  // namespace

std::string_view to_string(verdict v) { return detail::name_of(verdict_names, v); }

correlator::correlator(correlation_windows windows) : windows_(windows) {}

correlation correlator::on_event(const event& ev, time_point now,
                                 const std::string& new_incident_id) {
    return on_event(ev, now, [&new_incident_id] { return new_incident_id; });
}

correlation correlator::on_event(const event& ev, time_point now,
                                 const std::function<std::string()>& new_incident_id) {
    switch (ev.kind) {
        case event_kind::arm:
        case event_kind::disarm:
        case event_kind::bypass: {
            const auto mode = ev.kind == event_kind::arm      ? zone_mode::armed
                              : ev.kind == event_kind::disarm ? zone_mode::disarmed
                                                              : zone_mode::bypassed;
            zone_record rec{mode, ev.actor.empty() ? ev.device : ev.actor, now, ev.id, ev.text,
                            std::nullopt};
            if (mode == zone_mode::bypassed) {
                rec.expires_at = now + windows_.bypass_max;
            }
            auto k = zones_.set(ev.device, ev.zone, mode, std::move(rec));
            if (!k) {
                return {verdict::recorded, nullptr, "zone_table_full"};
            }
            return {verdict::zone_changed, nullptr, std::move(*k)};
        }
        case event_kind::restore:
        case event_kind::fault_restore:
            return on_restore(ev, now);
        case event_kind::status:
            return {verdict::recorded, nullptr, "status"};
        case event_kind::test:
            return {verdict::recorded, nullptr, "test"};
        case event_kind::alarm:
        case event_kind::fault:
            break;
    }
    if (ev.what == category::test) {
        return {verdict::recorded, nullptr, "test"};
    }

    // A bypassed zone is out of service for everything; a disarmed zone only stops intrusion
    // alarms (fire, panic and the like are 24-hour zones).
    const auto mode = zones_.mode_of(ev.device, ev.zone);
    if (mode == zone_mode::bypassed) {
        return {verdict::suppressed, nullptr, "zone_bypassed"};
    }
    if (mode == zone_mode::disarmed && family_of(ev.what) == "intrusion") {
        return {verdict::suppressed, nullptr, "zone_disarmed"};
    }

    if (auto it = dedupe_.find(join_into(dedupe_buf_, {ev.device, ev.zone, ev.code}, '|'));
        it != dedupe_.end()) {
        if (auto* t = live(&it->second, now, windows_.dedupe)) {
            return fold(*t, ev, now, verdict::duplicate);
        }
    }
    if (is_call(ev.what)) {
        if (auto* t = open_call_target(ev.where.building)) {
            return fold(*t, ev, now, verdict::attached);
        }
    }
    const auto gkey =
        group_key(group_buf_, ev.where.building, ev.device, ev.zone, family_of(ev.what));
    if (auto it = group_.find(gkey); it != group_.end()) {
        if (auto* t = live(&it->second, now, windows_.group)) {
            return fold(*t, ev, now, verdict::grouped);
        }
    }
    return open_incident(ev, now, new_incident_id());
}

correlator::tracked* correlator::live(const window_entry* entry, time_point now,
                                      std::chrono::milliseconds window) {
    if (entry == nullptr || now - entry->last_at > window) {
        return nullptr;
    }
    auto it = open_.find(entry->incident_id);
    if (it == open_.end() || !it->second.inc->is_open()) {
        return nullptr;
    }
    return &it->second;
}

// The most recently updated open incident of the building: among its own incidents only.
correlator::tracked* correlator::open_call_target(const std::string& building) {
    if (building.empty()) {
        return nullptr;
    }
    auto b = by_building_.find(building);
    if (b == by_building_.end()) {
        return nullptr;
    }
    tracked* best = nullptr;
    for (const auto& id : b->second) {
        auto& t = open_.at(id);
        if (t.inc->is_open() && (best == nullptr || t.inc->updated_at > best->inc->updated_at)) {
            best = &t;
        }
    }
    return best;
}

correlation correlator::open_incident(const event& ev, time_point now, const std::string& id) {
    auto inc = std::make_unique<incident>();
    inc->id = id;
    inc->what = ev.what;
    inc->family = std::string(family_of(ev.what));
    inc->building = ev.where.building;
    inc->unit = ev.where.unit;
    inc->severity = ev.severity;
    inc->title = !ev.where.label.empty() ? ev.where.label
                 : !ev.text.empty()      ? ev.text
                                         : std::string(to_string(ev.what));
    inc->opened_at = now;
    auto& t = open_[id];
    t.inc = std::move(inc);
    track(t);
    return fold(t, ev, now, verdict::opened);
}

correlation correlator::fold(tracked& t, const event& ev, time_point now, verdict v) {
    auto& inc = *t.inc;
    correlation c{v, &inc, {}};
    ++inc.event_count;
    ++inc.version;
    auto* z = inc.find_zone(ev.device, ev.zone);
    if (z == nullptr) {
        z = inc.add_zone(incident_zone{ev.device, ev.zone, ev.code, ev.where.label,
                                       ev.where.floor, false, 0, 0, now});
        c.new_zone = z != nullptr;
    }
    if (z != nullptr) {
        ++z->count;
        z->last_at = now;
        z->code = ev.code;
        inc.set_restored(*z, false);  // alarming again
        index_zone(t, *z, now);
    }
    c.zone = z;
    c.sources_changed = add_unique(inc.sources, to_string(ev.from));
    for (const auto& cam : ev.where.cameras) {
        c.cameras_changed = add_unique(inc.cameras, cam) || c.cameras_changed;
    }
    if (ev.severity < inc.severity) {
        queue_.erase(urgency_of(inc));
        inc.severity = ev.severity;
        queue_.insert(urgency_of(inc));
        c.severity_changed = true;
    }
    inc.last_event_at = now;
    inc.updated_at = now;
    index_group(t, ev.device, ev.zone, now);
    return c;
}

void correlator::index_zone(tracked& t, const incident_zone& z, time_point dedupe_at) {
    const auto& id = t.inc->id;
    const auto dkey = join_into(dedupe_buf_, {z.device, z.zone, z.code}, '|');
    if (auto it = dedupe_.find(dkey); it != dedupe_.end() && it->second.incident_id == id) {
        it->second.last_at = dedupe_at;  // the common case: a repeat slides the window
    } else if (t.dedupe_keys.size() < dedupe_keys_max) {
        point(dedupe_, t.dedupe_keys, dkey, window_entry{id, dedupe_at});
    }
    const auto zkey = join_into(zone_buf_, {z.device, z.zone}, '/');
    if (auto it = zone_incident_.find(zkey); it == zone_incident_.end() || it->second != id) {
        point(zone_incident_, t.zone_keys, zkey, id);
    }
}

void correlator::index_group(tracked& t, std::string_view device, std::string_view zone,
                             time_point at) {
    const auto& inc = *t.inc;
    const auto gkey = group_key(group_buf_, inc.building, device, zone, inc.family);
    if (auto it = group_.find(gkey); it != group_.end() && it->second.incident_id == inc.id) {
        it->second.last_at = at;
        return;
    }
    point(group_, t.group_keys, gkey, window_entry{inc.id, at});
}

void correlator::track(tracked& t) {
    const auto& inc = *t.inc;
    queue_.insert(urgency_of(inc));
    if (!inc.building.empty()) {
        by_building_[inc.building].insert(inc.id);
    }
}

correlation correlator::on_restore(const event& ev, time_point now) {
    auto zit = zone_incident_.find(join_into(zone_buf_, {ev.device, ev.zone}, '/'));
    if (zit != zone_incident_.end()) {
        auto it = open_.find(zit->second);
        if (it != open_.end() && it->second.inc->is_open()) {
            auto& inc = *it->second.inc;
            correlation c{verdict::restored, &inc, {}};
            if (auto* z = inc.find_zone(ev.device, ev.zone)) {
                inc.set_restored(*z, true);
                ++z->restores;
                z->last_at = now;
                c.zone = z;
            }
            ++inc.event_count;
            ++inc.version;
            inc.updated_at = now;
            return c;
        }
    }
    return {verdict::recorded, nullptr, "restore without an open incident"};
}

void correlator::adopt(incident inc) {
    if (open_.contains(inc.id)) {
        return;
    }
    inc.reindex();
    auto& t = open_[inc.id];
    t.inc = std::make_unique<incident>(std::move(inc));
    track(t);
    for (const auto& z : t.inc->zones) {
        index_zone(t, z, z.last_at);
        index_group(t, z.device, z.zone, t.inc->last_event_at);
    }
}

std::unique_ptr<incident> correlator::release(const std::string& id) {
    auto it = open_.find(id);
    if (it == open_.end()) {
        return nullptr;
    }
    auto& t = it->second;
    // Only what still points at this incident: a key may have moved on to a newer one.
    for (const auto& k : t.dedupe_keys) {
        if (auto d = dedupe_.find(k); d != dedupe_.end() && d->second.incident_id == id) {
            dedupe_.erase(d);
        }
    }
    for (const auto& k : t.group_keys) {
        if (auto g = group_.find(k); g != group_.end() && g->second.incident_id == id) {
            group_.erase(g);
        }
    }
    for (const auto& k : t.zone_keys) {
        if (auto z = zone_incident_.find(k); z != zone_incident_.end() && z->second == id) {
            zone_incident_.erase(z);
        }
    }
    auto owned = std::move(t.inc);
    queue_.erase(urgency_of(*owned));
    if (auto b = by_building_.find(owned->building); b != by_building_.end()) {
        b->second.erase(id);
        if (b->second.empty()) {
            by_building_.erase(b);
        }
    }
    open_.erase(it);
    return owned;
}

incident* correlator::find(std::string_view id) {
    auto it = open_.find(id);
    return it == open_.end() ? nullptr : it->second.inc.get();
}

}  // namespace alarmd::core
