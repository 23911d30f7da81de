#include "daemon/ingest/gb26875/events.hpp"

#include <array>
#include <string_view>

#include "daemon/config/point_id.hpp"
#include "protocols/gb26875/changes.hpp"

namespace alarmd::ingest {
namespace gb = protocols::gb26875;

namespace {

// The bits that make a condition, per kind of zone; the rest (test, started, feedback, ...)
// are attributes and not remembered.
constexpr std::uint16_t component_mask = 0x0116;
constexpr std::uint16_t system_mask = 0x0716;
constexpr std::uint16_t uitd_mask = 0x7E;

enum class zone_kind { component, system, uitd };

zone_kind kind_of_zone(std::string_view zone) {
    if (zone == uitd_zone) {
        return zone_kind::uitd;
    }
    return zone.find('/') == std::string_view::npos ? zone_kind::system : zone_kind::component;
}

struct condition_info {
    gb::condition cause;
    const char* code;
    const char* text;
    core::category what;
};

// clang-format off
constexpr std::array<condition_info, 9> conditions{{
    {gb::condition::fire_alarm, "fire_alarm", "火警 fire alarm", core::category::fire},
    {gb::condition::supervisory, "supervisory", "监管 supervisory", core::category::supervisory},
    {gb::condition::fault, "fault", "故障 fault", core::category::equipment},
    {gb::condition::power_fault, "power_fault", "电源故障 power fault", core::category::power},
    {gb::condition::main_power_fault, "main_power_fault", "主电故障 main power fault", core::category::power},
    {gb::condition::backup_power_fault, "backup_power_fault", "备电故障 backup power fault", core::category::power},
    {gb::condition::bus_fault, "bus_fault", "总线故障 bus fault", core::category::equipment},
    {gb::condition::channel_fault, "channel_fault", "通信信道故障 link to the centre faulty", core::category::comm_fault},
    {gb::condition::line_fault, "line_fault", "监测连接线路故障 line to the panel faulty", core::category::comm_fault},
}};
// clang-format on

const condition_info& info(gb::condition c) {
    for (const auto& i : conditions) {
        if (i.cause == c) {
            return i;
        }
    }
    return conditions[2];
}

core::event_kind kind_of(gb::change_kind k) {
    switch (k) {
        case gb::change_kind::alarm:
            return core::event_kind::alarm;
        case gb::change_kind::restore:
            return core::event_kind::restore;
        case gb::change_kind::fault:
            return core::event_kind::fault;
        case gb::change_kind::fault_restore:
            return core::event_kind::fault_restore;
    }
    return core::event_kind::status;
}

std::vector<gb::status_change> changes_of(zone_kind k, std::uint16_t before, std::uint16_t after) {
    switch (k) {
        case zone_kind::component:
            return gb::changes(gb::component_status{before}, gb::component_status{after});
        case zone_kind::system:
            return gb::changes(gb::system_status{before}, gb::system_status{after});
        case zone_kind::uitd:
            return gb::changes(gb::uitd_status{static_cast<std::uint8_t>(before)},
                               gb::uitd_status{static_cast<std::uint8_t>(after)});
    }
    return {};
}

class builder {
public:
    builder(const config::device& dev, status_memory& mem) : dev_(dev), mem_(mem) {}

    // A status report of one zone: an event per changed condition.
    void report(zone_kind k, const std::string& zone, std::uint16_t bits, const std::string& what,
                const std::string& raw) {
        const std::uint16_t mask = k == zone_kind::component
                                       ? component_mask
                                       : (k == zone_kind::system ? system_mask : uitd_mask);
        const std::uint16_t after = bits & mask;
        const std::uint16_t before = mem_.get(dev_.id, zone);
        if (after == before) {
            return;
        }
        for (const auto& c : changes_of(k, before, after)) {
            add(zone, c, what, raw);
        }
        remember(zone, before, after);
    }

    // A reset at the panel: everything of `scope` (a system address, or the whole device when
    // empty) that is in alarm or fault is restored.
    void reset(const std::optional<std::uint8_t>& system, const std::string& raw) {
        std::vector<std::pair<std::string, std::uint16_t>> zones;
        mem_.for_each(dev_.id, [&](const std::string& zone, std::uint16_t bits) {
            if (!system || zone == config::system_point_id(*system) ||
                zone.starts_with(config::system_point_id(*system) + "/")) {
                zones.emplace_back(zone, bits);
            }
        });
        for (const auto& [zone, bits] : zones) {
            for (const auto& c : changes_of(kind_of_zone(zone), bits, 0)) {
                add(zone, c, "复位 reset at the panel", raw);
            }
            remember(zone, bits, 0);
        }
    }

    // A manual alarm raised at the panel's keyboard (operation flag bit 2).
    void manual_alarm(const std::string& zone, const std::string& raw) {
        core::event ev = base(zone, raw);
        ev.what = core::category::fire;
        ev.kind = core::event_kind::alarm;
        ev.code = "manual_alarm";
        ev.severity = core::default_severity(ev.what);
        ev.text = "手动报警 manual alarm at the panel";
        out_.events.push_back(std::move(ev));
        // Remembered as the zone's fire alarm, so the panel's reset or clear report restores it.
        const std::uint16_t before = mem_.get(dev_.id, zone);
        if ((before & 0x0002) == 0) {
            remember(zone, before, before | 0x0002);
        }
    }

    gb26875_events take() { return std::move(out_); }

private:
    core::event base(const std::string& zone, const std::string& raw) const {
        core::event ev;
        ev.from = core::source::gb26875;
        ev.device = dev_.id;
        ev.zone = zone;
        ev.raw = raw;
        return ev;
    }

    void add(const std::string& zone, const gb::status_change& c, const std::string& what,
             const std::string& raw) {
        const auto& i = info(c.cause);
        core::event ev = base(zone, raw);
        ev.what = i.what;
        ev.kind = kind_of(c.kind);
        ev.code = i.code;
        ev.severity = core::default_severity(ev.what);
        const bool ends =
            ev.kind == core::event_kind::restore || ev.kind == core::event_kind::fault_restore;
        ev.text = std::string(i.text) + (ends ? " 恢复 restored" : "") +
                  (what.empty() ? "" : " - " + what);
        out_.events.push_back(std::move(ev));
    }

    void remember(const std::string& zone, std::uint16_t before, std::uint16_t after) {
        if (!mem_.set(dev_.id, zone, after)) {
            ++out_.not_remembered;
            return;
        }
        out_.changed.push_back({zone, before, after});
    }

    const config::device& dev_;
    status_memory& mem_;
    gb26875_events out_;
};

std::string component_text(const gb::component_state& c) {
    std::string t = gb::component_type_name(c.component_type);
    if (!c.description.empty()) {
        t += ": " + c.description;
    }
    return t;
}

}  // namespace

gb26875_events events_of(const gb::app_data& unit, const config::device& dev, status_memory& mem) {
    builder b(dev, mem);
    // The raw form kept with each event: the application unit type and its count; the unit
    // itself is in the frame the device can send again, and a unit of 22 components would
    // otherwise be copied into 22 events.
    const std::string raw = "type=" + std::to_string(static_cast<int>(unit.type)) +
                            " count=" + std::to_string(unit.count);
    std::visit(
        [&](const auto& objects) {
            using T = std::decay_t<decltype(objects)>;
            if constexpr (std::is_same_v<T, std::vector<gb::component_state>>) {
                for (const auto& c : objects) {
                    b.report(zone_kind::component,
                             config::point_id(c.system_address, c.address.raw), c.status.bits,
                             component_text(c), raw);
                }
            } else if constexpr (std::is_same_v<T, std::vector<gb::system_state>>) {
                for (const auto& s : objects) {
                    b.report(zone_kind::system, config::system_point_id(s.system_address),
                             s.status.bits, gb::system_type_name(s.system_type), raw);
                }
            } else if constexpr (std::is_same_v<T, std::vector<gb::uitd_state>>) {
                for (const auto& s : objects) {
                    b.report(zone_kind::uitd, uitd_zone, s.status.bits, "用户信息传输装置 UITD",
                             raw);
                }
            } else if constexpr (std::is_same_v<T, std::vector<gb::system_operation>>) {
                for (const auto& op : objects) {
                    if (op.flags.manual_alarm()) {
                        b.manual_alarm(config::system_point_id(op.system_address), raw);
                    }
                    if (op.flags.reset() || op.flags.alarm_cleared()) {
                        b.reset(op.system_address, raw);
                    }
                }
            } else if constexpr (std::is_same_v<T, std::vector<gb::uitd_operation>>) {
                for (const auto& op : objects) {
                    if (op.flags.manual_alarm()) {
                        b.manual_alarm(uitd_zone, raw);
                    }
                    if (op.flags.reset() || op.flags.alarm_cleared()) {
                        b.reset(std::nullopt, raw);
                    }
                }
            }
            // Analog values, versions, configuration, clocks and other types raise nothing.
        },
        unit.objects);
    return b.take();
}

void undo(const gb26875_events& e, const std::string& device, status_memory& mem) {
    for (auto it = e.changed.rbegin(); it != e.changed.rend(); ++it) {
        if (mem.get(device, it->zone) == it->after) {
            mem.set(device, it->zone, it->bits);
        }
    }
}

std::uint16_t bits_of_code(const std::string& zone, const std::string& code) {
    const auto k = kind_of_zone(zone);
    if (code == "fire_alarm" || code == "manual_alarm") {
        return 0x0002;
    }
    if (code == "supervisory" && k != zone_kind::uitd) {
        return 0x0010;
    }
    if (code == "fault") {
        return 0x0004;
    }
    if (code == "power_fault" && k == zone_kind::component) {
        return 0x0100;
    }
    if (code == "main_power_fault") {
        return k == zone_kind::uitd ? 0x08 : 0x0100;
    }
    if (code == "backup_power_fault") {
        return k == zone_kind::uitd ? 0x10 : 0x0200;
    }
    if (code == "bus_fault" && k == zone_kind::system) {
        return 0x0400;
    }
    if (code == "channel_fault" && k == zone_kind::uitd) {
        return 0x20;
    }
    if (code == "line_fault" && k == zone_kind::uitd) {
        return 0x40;
    }
    return 0;
}

}  // namespace alarmd::ingest
