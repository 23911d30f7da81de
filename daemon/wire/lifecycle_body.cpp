#include "daemon/wire/lifecycle_body.hpp"

#include <boost/json.hpp>

namespace alarmd::wire {
namespace json = boost::json;

result<core::lifecycle_request, field_error> parse_lifecycle_fields(core::lifecycle_action action,
                                                                    const json::object& fields,
                                                                    std::string by) {
    core::lifecycle_request req{action, std::move(by), core::outcome::none, {}};
    if (const auto* out = fields.if_contains("outcome"); out != nullptr && !out->is_null()) {
        auto parsed = out->is_string() ? core::parse_outcome(out->as_string()) : std::nullopt;
        if (!parsed || *parsed == core::outcome::none) {
            return field_error{"outcome", "must be real, false_alarm or test"};
        }
        req.result = *parsed;
    }
    if (action == core::lifecycle_action::resolve && req.result == core::outcome::none) {
        return field_error{"outcome", "required to resolve: real, false_alarm or test"};
    }
    if (const auto* note = fields.if_contains("note"); note != nullptr && !note->is_null()) {
        if (!note->is_string()) {
            return field_error{"note", "must be a string"};
        }
        if (note->as_string().size() > max_note) {
            return field_error{"note", "longer than " + std::to_string(max_note) + " bytes"};
        }
        req.note = std::string(note->as_string());
    }
    return req;
}

result<core::lifecycle_request, field_error> parse_lifecycle_body(core::lifecycle_action action,
                                                                  std::string_view body,
                                                                  std::string by) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return parse_lifecycle_fields(action, json::object{}, std::move(by));
    }
    auto doc = parse_json_object(body);
    if (!doc) {
        return doc.error();
    }
    return parse_lifecycle_fields(action, *doc, std::move(by));
}

}  // namespace alarmd::wire
