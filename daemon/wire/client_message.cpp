#include "daemon/wire/client_message.hpp"

#include <stdexcept>

#include <boost/json.hpp>

namespace alarmd::wire {
namespace json = boost::json;

void throw_exception_from_error(const client_error& e, const boost::source_location&) {
    throw std::invalid_argument(e.message);
}

namespace {

constexpr std::size_t max_report_text = 2048;
constexpr std::size_t max_location_field = 128;

std::string string_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
}

}  // namespace

result<client_message, client_error> parse_client_message(std::string_view text) {
    json::error_code ec;
    auto doc = json::parse(text, ec);
    if (ec || !doc.is_object()) {
        return client_error{nullptr, "invalid message: expected a JSON object"};
    }
    client_message m;
    m.fields = std::move(doc.as_object());
    if (const auto* ref = m.fields.if_contains("ref")) {
        m.ref = *ref;
    }
    const auto* type = m.fields.if_contains("type");
    if (type == nullptr || !type->is_string() || type->as_string().empty()) {
        return client_error{m.ref, "type: required"};
    }
    m.type = std::string(type->as_string());
    if (m.type == "resume") {
        const auto* after = m.fields.if_contains("after_seq");
        if (after != nullptr && after->is_uint64()) {
            m.after_seq = after->as_uint64();
        } else if (after != nullptr && after->is_int64() && after->as_int64() >= 0) {
            m.after_seq = static_cast<std::uint64_t>(after->as_int64());
        } else {
            return client_error{m.ref, "after_seq: required, a non-negative integer"};
        }
    }
    return m;
}

result<core::event, field_error> manual_report_event(const json::object& fields,
                                                     const std::string& person_id,
                                                     const std::string& person_name) {
    auto what = core::parse_category(string_field(fields, "category"));
    if (!what) {
        return field_error{"category", "required, a known category (fire, perimeter, ...)"};
    }
    core::event ev;
    ev.from = core::source::operator_;
    ev.device = "operator";
    ev.zone = person_id;
    ev.what = *what;
    ev.kind = core::event_kind::alarm;
    ev.code = "manual";
    ev.severity = core::default_severity(*what);
    ev.text = string_field(fields, "text");
    if (ev.text.size() > max_report_text) {
        return field_error{"text", "longer than " + std::to_string(max_report_text) + " bytes"};
    }
    const auto* loc = fields.if_contains("location");
    if (loc != nullptr && loc->is_object()) {
        const auto& l = loc->as_object();
        ev.where.building = string_field(l, "building");
        ev.where.unit = string_field(l, "unit");
        ev.where.label = string_field(l, "label");
        if (const auto* f = l.if_contains("floor"); f != nullptr && f->is_int64()) {
            const auto floor = f->as_int64();
            if (floor < -100 || floor > 300) {
                return field_error{"location.floor", "out of range (-100 to 300)"};
            }
            ev.where.floor = static_cast<int>(floor);
        }
    } else {
        ev.where.building = string_field(fields, "building");
    }
    if (ev.where.building.empty()) {
        return field_error{"location.building", "required"};
    }
    if (ev.where.building.size() > max_location_field || ev.where.unit.size() > max_location_field ||
        ev.where.label.size() > max_location_field) {
        return field_error{"location",
                           "building, unit and label up to " +
                               std::to_string(max_location_field) + " bytes"};
    }
    if (ev.where.label.empty()) {
        ev.where.label = ev.text.empty() ? "reported by " + person_name : ev.text;
    }
    ev.raw = core::escape_raw(json::serialize(fields));
    return ev;
}

}  // namespace alarmd::wire
