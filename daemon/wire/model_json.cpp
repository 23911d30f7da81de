#include "daemon/wire/model_json.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "daemon/wire/json_text.hpp"

namespace alarmd::wire {
namespace json = boost::json;
namespace {

json::value time_or_null(const std::optional<core::stamp>& s) {
    if (!s) {
        return nullptr;
    }
    return json::object{{"by", s->by}, {"at", core::format_time(s->at)}};
}

const json::value* field(const json::object& o, std::string_view key) { return o.if_contains(key); }

std::optional<std::string> str(const json::object& o, std::string_view key) {
    const auto* v = field(o, key);
    if (v == nullptr || !v->is_string()) {
        return std::nullopt;
    }
    return std::string(v->as_string());
}

std::optional<core::time_point> time_at(const json::object& o, std::string_view key) {
    auto s = str(o, key);
    return s ? core::parse_time(*s) : std::nullopt;
}

std::optional<std::int64_t> integer(const json::object& o, std::string_view key) {
    const auto* v = field(o, key);
    if (v == nullptr || !v->is_int64()) {
        return std::nullopt;
    }
    return v->as_int64();
}

std::optional<core::stamp> stamp_from(const json::object& o, std::string_view key) {
    const auto* v = field(o, key);
    if (v == nullptr || !v->is_object()) {
        return std::nullopt;
    }
    auto by = str(v->as_object(), "by");
    auto at = time_at(v->as_object(), "at");
    if (!by || !at) {
        return std::nullopt;
    }
    return core::stamp{*by, *at};
}

std::vector<std::string> strings_from(const json::object& o, std::string_view key) {
    std::vector<std::string> out;
    if (const auto* v = field(o, key); v != nullptr && v->is_array()) {
        for (const auto& s : v->as_array()) {
            if (s.is_string()) {
                out.emplace_back(s.as_string());
            }
        }
    }
    return out;
}

}  // namespace

namespace {

void write_floor(json_text& j, const std::optional<int>& f) {
    if (f) {
        j.num(*f);
    } else {
        j.null();
    }
}

void write_strings(json_text& j, const std::vector<std::string>& v) {
    j.open_array();
    for (const auto& s : v) {
        j.str(s);
    }
    j.close_array();
}

void write_stamp(json_text& j, const std::optional<core::stamp>& s) {
    if (!s) {
        j.null();
        return;
    }
    j.open().key("by").str(s->by).key("at").str(core::time_text(s->at).view()).close();
}

void write_zone(json_text& j, const core::incident_zone& z) {
    j.open()
        .key("device").str(z.device)
        .key("zone").str(z.zone)
        .key("code").str(z.code)
        .key("label").str(z.label)
        .key("floor");
    write_floor(j, z.floor);
    j.key("restored").boolean(z.restored)
        .key("count").num(z.count)
        .key("restores").num(z.restores)
        .key("last_at").str(core::time_text(z.last_at).view())
        .close();
}

void write_outcome(json_text& j, core::outcome o) {
    if (o == core::outcome::none) {
        j.null();
    } else {
        j.str(core::to_string(o));
    }
}

}  // namespace

std::string event_text(const core::event& ev) {
    json_text j;
    j.open()
        .key("id").str(ev.id)
        .key("source").str(core::to_string(ev.from))
        .key("device").str(ev.device)
        .key("zone").str(ev.zone)
        .key("location").open()
        .key("building").str(ev.where.building)
        .key("floor");
    write_floor(j, ev.where.floor);
    j.key("unit").str(ev.where.unit).key("label").str(ev.where.label).key("cameras");
    write_strings(j, ev.where.cameras);
    j.close()
        .key("category").str(core::to_string(ev.what))
        .key("kind").str(core::to_string(ev.kind))
        .key("code").str(ev.code)
        .key("severity").num(ev.severity)
        .key("text").str(ev.text)
        .key("occurred_at").str(core::time_text(ev.occurred_at).view())
        .key("received_at").str(core::time_text(ev.received_at).view())
        .key("raw").str(ev.raw)
        .close();
    return j.take();
}

std::string zone_text(const core::incident_zone& z) {
    json_text j;
    write_zone(j, z);
    return j.take();
}

std::string incident_text(const core::incident& inc, std::size_t zones_inline) {
    json_text j;
    j.open()
        .key("id").str(inc.id)
        .key("version").num(static_cast<std::int64_t>(inc.version))
        .key("category").str(core::to_string(inc.what))
        .key("family").str(inc.family)
        .key("building").str(inc.building)
        .key("unit").str(inc.unit)
        .key("severity").num(inc.severity)
        .key("state").str(core::to_string(inc.state))
        .key("outcome");
    write_outcome(j, inc.result);
    j.key("note").str(inc.note)
        .key("title").str(inc.title)
        .key("opened_at").str(core::time_text(inc.opened_at).view())
        .key("updated_at").str(core::time_text(inc.updated_at).view())
        .key("last_event_at").str(core::time_text(inc.last_event_at).view())
        .key("resolved_at");
    if (inc.resolved) {
        j.str(core::time_text(inc.resolved->at).view());
    } else {
        j.null();
    }
    j.key("event_count").num(inc.event_count)
        .key("zone_count").num(static_cast<std::int64_t>(inc.zone_count()))
        .key("sources");
    write_strings(j, inc.sources);
    j.key("cameras");
    write_strings(j, inc.cameras);
    j.key("acknowledged");
    write_stamp(j, inc.acknowledged);
    j.key("arrived");
    write_stamp(j, inc.arrived);
    j.key("resolved");
    write_stamp(j, inc.resolved);
    j.key("reviewed");
    write_stamp(j, inc.reviewed);
    j.key("held");
    write_stamp(j, inc.held);
    if (zones_inline > 0) {
        j.key("zones").open_array();
        const auto n = std::min(zones_inline, inc.zones.size());
        for (std::size_t i = 0; i < n; ++i) {
            write_zone(j, inc.zones[i]);
        }
        j.close_array();
    }
    j.close();
    return j.take();
}

std::string event_fields_text(const core::incident& inc, bool severity, bool sources,
                              bool cameras) {
    json_text j;
    j.open()
        .key("event_count").num(inc.event_count)
        .key("zone_count").num(static_cast<std::int64_t>(inc.zone_count()))
        .key("updated_at").str(core::time_text(inc.updated_at).view())
        .key("last_event_at").str(core::time_text(inc.last_event_at).view());
    if (severity) {
        j.key("severity").num(inc.severity);
    }
    if (sources) {
        j.key("sources");
        write_strings(j, inc.sources);
    }
    if (cameras) {
        j.key("cameras");
        write_strings(j, inc.cameras);
    }
    j.close();
    return j.take();
}

json::object to_json(const core::event& ev) { return json::parse(event_text(ev)).as_object(); }

json::object to_json(const core::incident_zone& z) {
    return json::parse(zone_text(z)).as_object();
}

json::object to_json(const core::incident& inc, std::size_t zones_inline) {
    return json::parse(incident_text(inc, zones_inline)).as_object();
}

json::array zones_page(const core::incident& inc, std::string_view after, std::size_t limit) {
    std::vector<std::pair<std::string, const core::incident_zone*>> keyed;
    keyed.reserve(inc.zones.size());
    for (const auto& z : inc.zones) {
        auto k = core::zone_key(z.device, z.zone);
        if (after.empty() || k > after) {
            keyed.emplace_back(std::move(k), &z);
        }
    }
    const auto n = std::min(limit, keyed.size());
    std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(n), keyed.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
    json::array out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(to_json(*keyed[i].second));
    }
    return out;
}

json::object lifecycle_fields(const core::incident& inc) {
    return json::object{
        {"state", core::to_string(inc.state)},
        {"outcome", inc.result == core::outcome::none ? json::value(nullptr)
                                                      : json::value(core::to_string(inc.result))},
        {"note", inc.note},
        {"updated_at", core::format_time(inc.updated_at)},
        {"resolved_at", inc.resolved ? json::value(core::format_time(inc.resolved->at))
                                     : json::value(nullptr)},
        {"acknowledged", time_or_null(inc.acknowledged)},
        {"arrived", time_or_null(inc.arrived)},
        {"resolved", time_or_null(inc.resolved)},
        {"reviewed", time_or_null(inc.reviewed)},
        {"held", time_or_null(inc.held)},
    };
}

json::object to_json(const std::string& key, const core::zone_record& rec) {
    const auto slash = key.find('/');
    return json::object{
        {"key", key},
        {"device", key.substr(0, slash)},
        {"zone", slash == std::string::npos ? std::string{} : key.substr(slash + 1)},
        {"mode", core::to_string(rec.mode)},
        {"by", rec.by},
        {"changed_at", core::format_time(rec.changed_at)},
        {"event_id", rec.event_id},
        {"reason", rec.reason},
        {"expires_at",
         rec.expires_at ? json::value(core::format_time(*rec.expires_at)) : json::value(nullptr)}};
}

std::optional<core::incident> incident_from_json(const json::value& v) {
    if (!v.is_object()) {
        return std::nullopt;
    }
    const auto& o = v.as_object();
    core::incident inc;
    auto id = str(o, "id");
    auto cat = str(o, "category");
    auto state = str(o, "state");
    auto opened = time_at(o, "opened_at");
    if (!id || !cat || !state || !opened) {
        return std::nullopt;
    }
    auto parsed_cat = core::parse_category(*cat);
    auto parsed_state = core::parse_incident_state(*state);
    if (!parsed_cat || !parsed_state) {
        return std::nullopt;
    }
    inc.id = *id;
    if (const auto* v = field(o, "version"); v != nullptr && (v->is_uint64() || v->is_int64())) {
        inc.version = v->is_uint64() ? v->as_uint64()
                                     : static_cast<std::uint64_t>(std::max<std::int64_t>(
                                           v->as_int64(), 0));
    }
    inc.what = *parsed_cat;
    inc.state = *parsed_state;
    inc.opened_at = *opened;
    inc.family = str(o, "family").value_or(std::string(core::family_of(inc.what)));
    inc.building = str(o, "building").value_or("");
    inc.unit = str(o, "unit").value_or("");
    inc.severity = static_cast<int>(integer(o, "severity").value_or(3));
    if (auto out = str(o, "outcome")) {
        inc.result = core::parse_outcome(*out).value_or(core::outcome::none);
    }
    inc.note = str(o, "note").value_or("");
    inc.title = str(o, "title").value_or("");
    inc.updated_at = time_at(o, "updated_at").value_or(inc.opened_at);
    inc.last_event_at = time_at(o, "last_event_at").value_or(inc.updated_at);
    inc.event_count = static_cast<int>(integer(o, "event_count").value_or(0));
    if (const auto* zs = field(o, "zones"); zs != nullptr && zs->is_array()) {
        for (const auto& zv : zs->as_array()) {
            if (auto z = zone_from_json(zv, inc.last_event_at)) {
                add_zone(inc, std::move(*z));
            }
        }
    }
    if (auto n = integer(o, "zone_count"); n && *n > static_cast<std::int64_t>(inc.zones.size())) {
        inc.zones_beyond = static_cast<std::size_t>(*n) - inc.zones.size();
    }
    inc.sources = strings_from(o, "sources");
    inc.cameras = strings_from(o, "cameras");
    inc.acknowledged = stamp_from(o, "acknowledged");
    inc.arrived = stamp_from(o, "arrived");
    inc.resolved = stamp_from(o, "resolved");
    inc.reviewed = stamp_from(o, "reviewed");
    inc.held = stamp_from(o, "held");
    return inc;
}

std::optional<core::incident_zone> zone_from_json(const json::value& v,
                                                  core::time_point fallback_at) {
    if (!v.is_object()) {
        return std::nullopt;
    }
    const auto& zo = v.as_object();
    core::incident_zone z;
    z.device = str(zo, "device").value_or("");
    z.zone = str(zo, "zone").value_or("");
    z.code = str(zo, "code").value_or("");
    z.label = str(zo, "label").value_or("");
    if (auto f = integer(zo, "floor")) {
        z.floor = static_cast<int>(*f);
    }
    if (const auto* r = field(zo, "restored"); r != nullptr && r->is_bool()) {
        z.restored = r->as_bool();
    }
    z.count = static_cast<int>(integer(zo, "count").value_or(1));
    z.restores = static_cast<int>(integer(zo, "restores").value_or(z.restored ? 1 : 0));
    z.last_at = time_at(zo, "last_at").value_or(fallback_at);
    return z;
}

void add_zone(core::incident& inc, core::incident_zone z) {
    if (inc.find_zone(z.device, z.zone) == nullptr) {
        (void)inc.add_zone(std::move(z));
    }
}

std::optional<core::incident> incident_from_stored(std::string_view head,
                                                  const std::vector<std::string>& zones) {
    json::error_code ec;
    auto doc = json::parse(head, ec);
    if (ec) {
        return std::nullopt;
    }
    auto inc = incident_from_json(doc);
    if (!inc) {
        return std::nullopt;
    }
    const auto zone_count = inc->zone_count();
    for (const auto& text : zones) {
        auto zv = json::parse(text, ec);
        if (ec) {
            continue;
        }
        if (auto z = zone_from_json(zv, inc->last_event_at)) {
            add_zone(*inc, std::move(*z));
        }
    }
    inc->zones_beyond = zone_count > inc->zones.size() ? zone_count - inc->zones.size() : 0;
    return inc;
}

std::optional<core::zone_record> zone_record_from_json(const json::value& v) {
    if (!v.is_object()) {
        return std::nullopt;
    }
    const auto& o = v.as_object();
    auto mode = str(o, "mode");
    auto at = time_at(o, "changed_at");
    if (!mode || !at || !core::parse_zone_mode(*mode)) {
        return std::nullopt;
    }
    return core::zone_record{*core::parse_zone_mode(*mode), str(o, "by").value_or(""), *at,
                             str(o, "event_id").value_or(""), str(o, "reason").value_or(""),
                             time_at(o, "expires_at")};
}

}  // namespace alarmd::wire
