#pragma once
// The JSON body of POST /v1/events: parsed and checked field by field, so a bad request is
// answered 400 with the field that is wrong. Location, id and times are filled in later.
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "daemon/core/event.hpp"
#include "protocols/common/result.hpp"

namespace boost {
struct source_location;
}

namespace alarmd::wire {

struct field_error {
    // Two-argument only: a lone string must not convert to an error (result<std::string, ...>).
    field_error() = default;
    field_error(std::string f, std::string m) : field(std::move(f)), message(std::move(m)) {}

    std::string field;    // "device", "category", ... or "body" for the whole document
    std::string message;  // "required", "unknown category 'smoke'", ...
};

[[noreturn]] void throw_exception_from_error(const field_error& e, const boost::source_location&);

// A request body that must be one JSON object; else a "body" field error.
[[nodiscard]] result<boost::json::object, field_error> parse_json_object(std::string_view body);

struct event_limits {
    std::size_t max_id = 128;     // device, zone, code
    std::size_t max_text = 2048;  // text
};

// On success the event has: from (default http), device, zone, what, kind (default alarm),
// code, text, severity (the category's default) and occurred_at (epoch when absent: the caller
// uses the receive time then).
[[nodiscard]] result<core::event, field_error> parse_event_body(std::string_view body,
                                                                event_limits lim = {});
// The same, from a body already parsed into an object.
[[nodiscard]] result<core::event, field_error> parse_event_fields(const boost::json::object& o,
                                                                  event_limits lim = {});

// Shared with the source-specific bodies (ingest/intercom):

// An optional string member: "" when absent or null; an error naming `key` when it is not a
// string or is longer than `max` bytes.
[[nodiscard]] result<std::string, field_error> optional_string(const boost::json::object& o,
                                                               std::string_view key,
                                                               std::size_t max);

// A zone is an id (letters, digits, '-', '_', '.', and '/' between a GB/T 26875 point's system
// and component), never text: nothing a sender writes reaches a label, an SMS or a report.
[[nodiscard]] bool is_zone_id(std::string_view z);

}  // namespace alarmd::wire
