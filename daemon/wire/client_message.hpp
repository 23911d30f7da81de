#pragma once
// A guard console's WebSocket request: a JSON object with `type`, an optional `ref` echoed in
// the answer, and the type's fields. `resume` carries `after_seq`. A manual `report` becomes an
// operator event. Everything a console sends is checked here, so a bad message gets an error
// naming what is wrong and never reaches the pipeline.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "daemon/core/event.hpp"
#include "daemon/wire/event_body.hpp"

namespace alarmd::wire {

struct client_message {
    std::string type;
    boost::json::value ref;               // null when the client sent none
    boost::json::object fields;           // the whole request
    std::optional<std::uint64_t> after_seq;  // resume
};

struct client_error {
    client_error() = default;
    client_error(boost::json::value r, std::string m) : ref(std::move(r)), message(std::move(m)) {}

    boost::json::value ref;  // the request's ref when it could be read
    std::string message;
};

[[noreturn]] void throw_exception_from_error(const client_error& e, const boost::source_location&);

[[nodiscard]] result<client_message, client_error> parse_client_message(std::string_view text);

// A guard's `report` (报事登记): category, location {building, floor, unit, label} or
// building, text. The event comes from the operator source, zoned by the person.
[[nodiscard]] result<core::event, field_error> manual_report_event(
    const boost::json::object& fields, const std::string& person_id,
    const std::string& person_name);

}  // namespace alarmd::wire
