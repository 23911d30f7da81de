// The site model: buildings and the devices in them.
#include <array>
#include <cstdint>
#include <filesystem>

#include "daemon/config/point_id.hpp"
#include "daemon/config/sections.hpp"
#include "daemon/config/text_checks.hpp"

namespace alarmd::config::detail {

namespace {

constexpr std::array<name_of<device_protocol>, 4> protocols{{
    {"sia", device_protocol::sia},
    {"gb26875", device_protocol::gb26875},
    {"http", device_protocol::http},
    {"ami", device_protocol::ami},
}};

// A zone floor above the building's top floor is most likely a typo in one of the two.
void check_floor(object& o, const std::optional<int>& floor, const building* b) {
    if (floor && b != nullptr && b->floors > 0 && *floor > b->floors) {
        o.error("floor", std::to_string(*floor) + " is above the top floor of building " + b->id +
                             " (" + std::to_string(b->floors) + ")");
    }
}

// `points` (gb26875) keys are stored in their canonical form (point_id.hpp).
void read_zones(object& d, std::string_view key, std::map<std::string, zone_info>& out,
                const building* b) {
    d.for_each_entry(key, [&](const std::string& given, const YAML::Node& node,
                              const std::string& path, int line) {
        object z(d.owner(), node, path, line, {"floor", "label", "cameras"});
        std::string name = given;
        if (name.empty()) {
            d.owner().error(line, path + ": an id must not be empty");
        } else if (key == "points") {
            if (auto canonical = canonical_point_id(given)) {
                name = std::move(*canonical);
            } else {
                d.owner().error(line, path +
                                          ": a point is \"system/component\" (system address "
                                          "0-255, component address as 0x hex or decimal, "
                                          "e.g. \"1/0x00020003\") or a system address alone");
            }
        }
        if (out.contains(name)) {
            d.owner().error(line, path + ": names the same point as another key");
        }
        zone_info v;
        if (z.get("floor", v.floor, bounds::floor)) {
            check_floor(z, v.floor, b);
        }
        z.get("label", v.label);
        z.get("cameras", v.cameras);
        out.emplace(name, std::move(v));
    });
}

void read_sia(object& d, device& v) {
    if (d.require("account", v.account, "a sia device needs its DC-09 account number")) {
        if (!is_hex(v.account) || v.account.size() < 3 || v.account.size() > 16) {
            d.error("account", "must be 3 to 16 hex digits, got " + quote_value(v.account));
        } else {
            check_unique(d, "account", "sia account", v.account);
        }
    }
    if (d.get("key", v.key_hex)) {
        const auto n = v.key_hex.size();
        if (!is_hex(v.key_hex) || (n != 32 && n != 48 && n != 64)) {
            d.error("key", "must be 32, 48 or 64 hex digits (an AES-128/192/256 key)");
            v.key_hex.clear();
        }
    }
    d.get("allowed_sources", v.allowed_sources);
    refuse(d, {"address", "points"}, "protocol sia");
}

void read_gb26875(object& d, device& v) {
    if (d.require("address", v.address, "a gb26875 device needs its 12-hex-digit source address")) {
        if (v.address.size() != 12 || !is_hex(v.address)) {
            d.error("address", "must be 12 hex digits (6 bytes), got " + quote_value(v.address));
        } else {
            for (auto& c : v.address) {
                c = (c >= 'a' && c <= 'f') ? static_cast<char>(c - 32) : c;
            }
            check_unique(d, "address", "gb26875 address", v.address);
        }
    }
    refuse(d, {"account", "key", "allowed_sources", "zones"}, "protocol gb26875");
}

void read_device(object& d, config& out, int line) {
    device v;
    v.line = line;
    if (read_id(d, "id", v.id, "a device needs an id")) {
        check_unique(d, "id", "device id", v.id);
    }
    bool protocol_known = false;
    if (!d.has("protocol")) {
        d.missing("protocol", "sia, gb26875, http or ami");
    } else {
        protocol_known = d.get("protocol", v.protocol, protocols);
    }
    const building* b = nullptr;
    if (d.require("building", v.building, "the site.buildings id it is in")) {
        b = out.find_building(v.building);
        if (b == nullptr) {
            d.error("building", "unknown building " + quote_value(v.building));
        }
    }
    if (d.get("floor", v.floor, bounds::floor)) {
        check_floor(d, v.floor, b);
    }
    d.get("unit", v.unit);
    d.get("label", v.label);
    d.get("supervision", v.supervision, bounds::supervision);
    if (protocol_known) {
        switch (v.protocol) {
            case device_protocol::sia:
                read_sia(d, v);
                break;
            case device_protocol::gb26875:
                read_gb26875(d, v);
                break;
            case device_protocol::http:
                refuse(d, {"account", "key", "allowed_sources", "address", "points"},
                       "protocol http");
                break;
            case device_protocol::ami:
                refuse(d, {"account", "key", "allowed_sources", "address", "points"},
                       "protocol ami");
                break;
        }
    }
    read_zones(d, "zones", v.zones, b);
    read_zones(d, "points", v.points, b);
    out.devices.push_back(std::move(v));
}

}  // namespace

void read_site(object& root, config& out) {
    auto site = root.child("site", {"buildings", "timezone"});
    if (!site) {
        return;
    }
    if (site->get("timezone", out.timezone) && !out.timezone.empty()) {
        // An IANA name from the time zone database (package tzdata); a typo would silently be
        // UTC for the C library, so it is checked here.
        const bool plain = out.timezone.find("..") == std::string::npos &&
                           !out.timezone.starts_with('/');
        std::error_code ec;
        if (!plain ||
            !std::filesystem::is_regular_file("/usr/share/zoneinfo/" + out.timezone, ec)) {
            site->error("timezone", "unknown time zone " + quote_value(out.timezone) +
                                        " (an IANA name such as Asia/Shanghai, from tzdata)");
        }
    }
    site->for_each_item("buildings",
                        [&](const YAML::Node& node, const std::string& path, int line) {
                            object b(site->owner(), node, path, line, {"id", "name", "floors"});
                            if (!b.valid()) {
                                return;
                            }
                            building v;
                            if (!read_id(b, "id", v.id, "a building needs an id") ||
                                !check_unique(b, "id", "building id", v.id)) {
                                return;  // devices naming it are checked against the first one
                            }
                            b.get("name", v.name);
                            b.get("floors", v.floors, bounds::building_floors);
                            out.buildings.push_back(std::move(v));
                        });
}

void read_devices(object& root, config& out) {
    root.for_each_item("devices", [&](const YAML::Node& node, const std::string& path, int line) {
        object d(root.owner(), node, path, line,
                 {"id", "protocol", "building", "floor", "unit", "label", "account", "key",
                  "address", "allowed_sources", "supervision", "zones", "points"});
        if (d.valid()) {
            read_device(d, out, line);
        }
    });
    // An http source's `devices` name configured devices (read before the devices were).
    for (std::size_t i = 0; i < out.ingest.http_sources.size(); ++i) {
        const auto& s = out.ingest.http_sources[i];
        for (const auto& id : s.devices) {
            if (out.find_device(id) == nullptr) {
                root.owner().error(s.line, "ingest.http_sources[" + std::to_string(i) +
                                               "].devices: unknown device " + quote_value(id));
            }
        }
    }
}

}  // namespace alarmd::config::detail
