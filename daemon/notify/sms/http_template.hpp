#pragma once
// The pure part of the HTTP SMS gateway: filling the URL and body templates with a message and
// deciding from an answer whether the gateway accepted it. No I/O, so every rule is unit-tested.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/notify/sms/sms_gateway.hpp"

namespace alarmd::notify {

// How a value is written where a placeholder stood.
enum class value_encoding {
    percent,  // URL and application/x-www-form-urlencoded: every byte but A-Z a-z 0-9 - . _ ~
    json,     // inside a JSON string: " \ and control characters escaped, UTF-8 kept
    raw,      // as is
};

// "%E7%81%AB" for "火": the UTF-8 bytes, upper-case hex; a space is "%20".
[[nodiscard]] std::string percent_encode(std::string_view s);

// The text of a JSON string without its quotes: \" \\ \n \r \t \b \f and \u00XX.
[[nodiscard]] std::string json_escape(std::string_view s);

// The body's encoding from its Content-Type header (case and parameters ignored):
// application/json and */*+json are json, application/x-www-form-urlencoded and no header at
// all (the gateway then sends that header) are percent, anything else is raw.
[[nodiscard]] value_encoding body_encoding(std::string_view content_type);

// `tmpl` with each {to}, {text} and {ref} replaced by the message's value, encoded; any other
// text, braces included (a JSON body's own), is kept as written.
[[nodiscard]] std::string fill_template(std::string_view tmpl, const sms_message& m,
                                        value_encoding e);

// When an answer means "accepted".
struct success_rule {
    std::vector<int> statuses;  // empty: any 2xx
    std::string match;          // non-empty: the body must contain it
};

// "HTTP 200 OK: 0: Accepted for delivery": the status line and the body on one line, control
// characters made spaces, bytes that are not UTF-8 made '?', cut to 200 bytes ("..." added).
// Safe to log, to store in JSON and to show to a guard.
[[nodiscard]] std::string answer_summary(int status, std::string_view reason,
                                         std::string_view body);

// nullopt when the answer means the gateway accepted the message; else why not, with the
// answer's summary.
[[nodiscard]] std::optional<std::string> refusal(const success_rule& rule, int status,
                                                 std::string_view reason, std::string_view body);

}  // namespace alarmd::notify
