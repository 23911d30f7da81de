#include "daemon/wire/event_body.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json.hpp>

namespace alarmd::wire {
namespace json = boost::json;

void throw_exception_from_error(const field_error& e, const boost::source_location&) {
    throw std::invalid_argument(e.field + ": " + e.message);
}

result<std::string, field_error> optional_string(const json::object& o, std::string_view key,
                                                 std::size_t max) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return std::string{};
    }
    if (!v->is_string()) {
        return field_error{std::string(key), "must be a string"};
    }
    if (v->as_string().size() > max) {
        return field_error{std::string(key), "longer than " + std::to_string(max) + " bytes"};
    }
    return std::string(v->as_string());
}

// A zone is an id (letters, digits, '-', '_', '.', and '/' between a GB/T 26875 point's system
// and component), never text: a zone the config does not know
// keeps its id, and its label is made of the device's label and that id, so nothing a sender
// writes reaches a label, an SMS or a report as words.
bool is_zone_id(std::string_view z) {
    return std::all_of(z.begin(), z.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '-' || c == '_' || c == '.' || c == '/';
    });
}

result<json::object, field_error> parse_json_object(std::string_view body) {
    json::error_code ec;
    auto doc = json::parse(body, ec);
    if (ec) {
        return field_error{"body", "invalid JSON: " + ec.message()};
    }
    if (!doc.is_object()) {
        return field_error{"body", "must be a JSON object"};
    }
    return std::move(doc.as_object());
}

result<core::event, field_error> parse_event_body(std::string_view body, event_limits lim) {
    auto doc = parse_json_object(body);
    if (!doc) {
        return doc.error();
    }
    return parse_event_fields(*doc, lim);
}

result<core::event, field_error> parse_event_fields(const json::object& o, event_limits lim) {
    core::event ev;

    auto device = optional_string(o, "device", lim.max_id);
    if (!device) {
        return device.error();
    }
    if (device->empty()) {
        return field_error{"device", "required"};
    }
    ev.device = std::move(*device);

    auto category = optional_string(o, "category", lim.max_id);
    if (!category) {
        return category.error();
    }
    if (category->empty()) {
        return field_error{"category", "required"};
    }
    auto what = core::parse_category(*category);
    if (!what) {
        return field_error{"category", "unknown category '" + *category + "'"};
    }
    ev.what = *what;
    ev.severity = core::default_severity(ev.what);

    auto kind = optional_string(o, "kind", lim.max_id);
    if (!kind) {
        return kind.error();
    }
    if (!kind->empty()) {
        auto k = core::parse_event_kind(*kind);
        if (!k) {
            return field_error{"kind", "unknown kind '" + *kind + "'"};
        }
        ev.kind = *k;
    }

    auto from = optional_string(o, "source", lim.max_id);
    if (!from) {
        return from.error();
    }
    if (!from->empty()) {
        auto s = core::parse_source(*from);
        if (!s || *s == core::source::operator_) {
            return field_error{"source", "unknown source '" + *from + "'"};
        }
        ev.from = *s;
    }

    for (auto [key, target, max] : {std::tuple{"code", &ev.code, lim.max_id},
                                    std::tuple{"zone", &ev.zone, lim.max_id},
                                    std::tuple{"text", &ev.text, lim.max_text}}) {
        auto value = optional_string(o, key, max);
        if (!value) {
            return value.error();
        }
        *target = std::move(*value);
    }
    if (!is_zone_id(ev.zone)) {
        return field_error{"zone", "a zone id is letters, digits, '-', '_', '.' or '/'"};
    }

    auto occurred = optional_string(o, "occurred_at", lim.max_id);
    if (!occurred) {
        return occurred.error();
    }
    if (!occurred->empty()) {
        auto t = core::parse_time(*occurred);
        if (!t) {
            return field_error{"occurred_at", "not an RFC 3339 time: '" + *occurred + "'"};
        }
        ev.occurred_at = *t;
    }
    return ev;
}

}  // namespace alarmd::wire
