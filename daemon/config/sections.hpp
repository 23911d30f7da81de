#pragma once
// The readers of the top-level sections. Each takes the top-level map, reads its own key into
// `out` and reports problems through the map's reader. Called in the order of this file: later
// sections check against earlier ones (devices against site.buildings, tokens across ingest and
// people).
#include <array>
#include <string_view>

#include "daemon/config/config.hpp"
#include "daemon/config/reader.hpp"

namespace alarmd::config::detail {

inline constexpr std::array<name_of<role>, 4> role_names{{
    {"guard", role::guard},
    {"team_lead", role::team_lead},
    {"manager", role::manager},
    {"admin", role::admin},
}};

// The event kinds a body may name (core::event_kind's names; config does not depend on core).
inline constexpr std::array<std::string_view, 9> event_kind_names{
    "alarm", "restore", "fault", "fault_restore", "status", "test", "arm", "disarm", "bypass"};

// Helpers shared by the sections.

// An id (see is_valid_id) that must be there; false after reporting.
bool read_id(object& o, std::string_view key, std::string& out, std::string_view why);

// "duplicate <what> 'value' (first at line N)" at the key's line when `value` was seen before.
bool check_unique(object& o, std::string_view key, std::string_view what, const std::string& value);

// token_sha256: required, 64 hex digits, stored in lower case, unique across people and sources.
bool read_token(object& o, std::string& out, std::string_view why);

// Reports each of `keys` that is present as "not used by <user>".
void refuse(object& o, std::initializer_list<std::string_view> keys, std::string_view user);

// The sections.

void read_server(object& root, config& out);
void read_redis(object& root, config& out);
void read_ingest(object& root, config& out);
void read_site(object& root, config& out);
void read_devices(object& root, config& out);
void read_people(object& root, config& out);
void read_residents(object& root, config& out);
void read_policies(object& root, config& out);
void read_correlation(object& root, config& out);
void read_websocket(object& root, config& out);
void read_sms(object& root, config& out);

}  // namespace alarmd::config::detail
