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

std::string join(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (auto p : parts) {
        if (!out.empty()) {
            out.push_back('|');
        }
        out.append(p);
    }
    return out;
}

// Grouping is per building; a device with no building groups only with itself.
std::string group_key(std::string_view building, std::string_view device, std::string_view family) {
    return building.empty() ? join({"device", device, family}) : join({building, family});
}

template <class T>
void add_unique(std::vector<T>& v, const T& x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) {
        v.push_back(x);
    }
}

}  // namespace

std::string_view to_string(verdict v) { return detail::name_of(verdict_names, v); }

correlator::correlator(correlation_windows windows) : windows_(windows) {}

correlation correlator::on_event(const event& ev, time_point now,
                                 const std::string& new_incident_id) {
    switch (ev.kind) {
        case event_kind::arm:
        case event_kind::disarm:
        case event_kind::bypass: {
            const auto mode = ev.kind == event_kind::arm      ? zone_mode::armed
                              : ev.kind == event_kind::disarm ? zone_mode::disarmed
                                                              : zone_mode::bypassed;
            auto k = zones_.set(ev.device, ev.zone, mode, zone_record{mode, ev.id, now});
            return {verdict::zone_changed, nullptr, std::move(k)};
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

    const auto dkey = join({ev.device, ev.zone, ev.code});
    if (auto it = dedupe_.find(dkey); it != dedupe_.end()) {
        if (auto* inc = live(&it->second, now, windows_.dedupe)) {
            return fold(*inc, ev, now, verdict::duplicate);
        }
    }
    if (is_call(ev.what)) {
        if (auto* inc = open_call_target(ev.where.building)) {
            return fold(*inc, ev, now, verdict::attached);
        }
    }
    const auto gkey = group_key(ev.where.building, ev.device, family_of(ev.what));
    if (auto it = group_.find(gkey); it != group_.end()) {
        if (auto* inc = live(&it->second, now, windows_.group)) {
            return fold(*inc, ev, now, verdict::grouped);
        }
    }
    return open_incident(ev, now, new_incident_id);
}

incident* correlator::live(const window_entry* entry, time_point now,
                           std::chrono::milliseconds window) {
    if (entry == nullptr || now - entry->last_at > window) {
        return nullptr;
    }
    auto it = open_.find(entry->incident_id);
    if (it == open_.end() || !it->second->is_open()) {
        return nullptr;
    }
    return it->second.get();
}

incident* correlator::open_call_target(const std::string& building) {
    if (building.empty()) {
        return nullptr;
    }
    incident* best = nullptr;
    for (auto& [id, inc] : open_) {
        if (inc->building == building && inc->is_open() &&
            (best == nullptr || inc->updated_at > best->updated_at)) {
            best = inc.get();
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
    auto* raw = inc.get();
    open_[id] = std::move(inc);
    auto result = fold(*raw, ev, now, verdict::opened);
    return result;
}

correlation correlator::fold(incident& inc, const event& ev, time_point now, verdict v) {
    ++inc.event_count;
    auto* z = inc.find_zone(ev.device, ev.zone);
    if (z == nullptr) {
        inc.zones.push_back(incident_zone{ev.device, ev.zone, ev.code, ev.where.label,
                                          ev.where.floor, false, 0, now});
        z = &inc.zones.back();
    }
    ++z->count;
    z->last_at = now;
    z->restored = false;  // alarming again
    add_unique(inc.sources, std::string(to_string(ev.from)));
    for (const auto& cam : ev.where.cameras) {
        add_unique(inc.cameras, cam);
    }
    inc.severity = std::min(inc.severity, ev.severity);
    inc.last_event_at = now;
    inc.updated_at = now;
    index(inc, ev, now);
    return {v, &inc, {}};
}

void correlator::index(incident& inc, const event& ev, time_point now) {
    dedupe_[join({ev.device, ev.zone, ev.code})] = {inc.id, now};
    group_[group_key(inc.building, ev.device, inc.family)] = {inc.id, now};
    zone_incident_[join({ev.device, ev.zone})] = inc.id;
}

correlation correlator::on_restore(const event& ev, time_point now) {
    auto zit = zone_incident_.find(join({ev.device, ev.zone}));
    if (zit != zone_incident_.end()) {
        auto it = open_.find(zit->second);
        if (it != open_.end() && it->second->is_open()) {
            auto& inc = *it->second;
            if (auto* z = inc.find_zone(ev.device, ev.zone)) {
                z->restored = true;
                z->last_at = now;
            }
            ++inc.event_count;
            inc.updated_at = now;
            return {verdict::restored, &inc, {}};
        }
    }
    return {verdict::recorded, nullptr, "restore without an open incident"};
}

void correlator::adopt(incident inc) {
    auto owned = std::make_unique<incident>(std::move(inc));
    auto& ref = *owned;
    for (const auto& z : ref.zones) {
        dedupe_[join({z.device, z.zone, z.code})] = {ref.id, z.last_at};
        zone_incident_[join({z.device, z.zone})] = ref.id;
        group_[group_key(ref.building, z.device, ref.family)] = {ref.id, ref.last_event_at};
    }
    open_[ref.id] = std::move(owned);
}

std::unique_ptr<incident> correlator::release(const std::string& id) {
    auto it = open_.find(id);
    if (it == open_.end()) {
        return nullptr;
    }
    auto owned = std::move(it->second);
    open_.erase(it);
    auto drop = [&id](auto& index) {
        std::erase_if(index, [&id](const auto& kv) {
            if constexpr (std::is_same_v<std::decay_t<decltype(kv.second)>, std::string>) {
                return kv.second == id;
            } else {
                return kv.second.incident_id == id;
            }
        });
    };
    drop(dedupe_);
    drop(group_);
    drop(zone_incident_);
    return owned;
}

incident* correlator::find(std::string_view id) {
    auto it = open_.find(id);
    return it == open_.end() ? nullptr : it->second.get();
}

std::vector<const incident*> correlator::open_incidents() const {
    std::vector<const incident*> out;
    out.reserve(open_.size());
    for (const auto& [id, inc] : open_) {
        out.push_back(inc.get());
    }
    std::sort(out.begin(), out.end(), [](const incident* a, const incident* b) {
        return a->opened_at < b->opened_at || (a->opened_at == b->opened_at && a->id < b->id);
    });
    return out;
}

}  // namespace alarmd::core
