#pragma once
// The normalized Event every source is turned into (SPEC.md "Event (normalized)").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::core {

using clock = std::chrono::system_clock;
using time_point = clock::time_point;

enum class source { sia, gb26875, intercom, hotline, http, operator_ };

enum class category {
    fire,
    perimeter,
    intrusion,
    panic,
    door,
    intercom_emergency,
    hotline_call,
    callback,  // a missed hotline call: somebody must call back (回访)
    water_leak,
    power,
    equipment,
    tamper,
    comm_fault,
    supervisory,
    test,
};

enum class event_kind { alarm, restore, fault, fault_restore, status, test, arm, disarm, bypass };

// Where it happened, from the site model (device and zone config), never from the sender alone.
struct location {
    std::string building;
    std::optional<int> floor;
    std::string unit;
    std::string label;
    std::vector<std::string> cameras;
};

struct event {
    std::string id;
    source from = source::http;
    std::string device;
    std::string zone;
    location where;
    category what = category::equipment;
    event_kind kind = event_kind::alarm;
    std::string code;
    int severity = 3;  // 1 critical ... 4 info
    time_point occurred_at;
    time_point received_at;
    std::string text;
    std::string raw;  // the bytes as received, escaped
    std::string actor;  // who sent it through the API: a person's id or "source:NAME"; empty
                        // when the device itself sent it
};

[[nodiscard]] std::string_view to_string(source s);
[[nodiscard]] std::string_view to_string(category c);
[[nodiscard]] std::string_view to_string(event_kind k);
[[nodiscard]] std::optional<source> parse_source(std::string_view s);
[[nodiscard]] std::optional<category> parse_category(std::string_view s);
[[nodiscard]] std::optional<event_kind> parse_event_kind(std::string_view s);

// Default severity of a category: fire and panic are critical, tests are info.
[[nodiscard]] int default_severity(category c);

// Categories whose alarms are grouped together in one building (perimeter beams and intrusion
// detectors are one break-in; a smoke detector and a call point are one fire).
[[nodiscard]] std::string_view family_of(category c);

// A person calling in (hotline, intercom emergency button): attaches to an open incident in
// their building instead of opening a second one.
[[nodiscard]] bool is_call(category c);

// Kinds that raise an incident; the others restore, change zone state or are only recorded.
[[nodiscard]] bool raises_incident(event_kind k);

// RFC 3339 UTC with milliseconds: 2026-11-24T06:58:20.123Z.
[[nodiscard]] std::string format_time(time_point t);
// The same text in a buffer of its own, for writers that append it (no string allocated).
class time_text {
public:
    explicit time_text(time_point t);
    [[nodiscard]] std::string_view view() const { return {buf_, size_}; }

private:
    char buf_[64];
    std::size_t size_ = 0;
};
// Accepts RFC 3339 with Z or a numeric offset, with or without fractional seconds.
[[nodiscard]] std::optional<time_point> parse_time(std::string_view s);

// Escapes bytes for `raw`: printable ASCII kept, the rest as \xNN; cut at `max` bytes of input.
[[nodiscard]] std::string escape_raw(std::string_view bytes, std::size_t max = 4096);

}  // namespace alarmd::core
