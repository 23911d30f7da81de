#pragma once
// The typed configuration: plain structs with their defaults in the declarations. The YAML shape
// is the contract in SPEC.md "Configuration"; no YAML node leaves daemon/config/.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace alarmd::config {

using duration = std::chrono::milliseconds;
using namespace std::chrono_literals;

// "host:port" as written in the config, split. Port 0 means "pick a free port" (tests).
struct listen_address {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
};

struct tls_config {
    std::string cert;  // the files as written (relative to the config file's folder)
    std::string key;
    // Their PEM text, read (and checked to make a working TLS context) when the config is
    // loaded, so the event loop never reads a file. The key is a secret: never logged.
    std::string cert_pem;
    std::string key_pem;
};

struct server_config {
    listen_address http_listen{"127.0.0.1", 8080};
    std::size_t max_body_bytes = 64 * 1024;  // POST bodies above this get 413
    duration request_timeout = 30s;           // a client that sends a request slower than this is cut
    std::optional<tls_config> tls;            // set: the listener speaks only HTTPS / WSS
    // Open HTTP connections, WebSocket sessions included; one past it is closed at once.
    std::size_t max_connections = 1024;
    // Origins ("https://console.example", lower case) whose browser pages may open /ws. Unset:
    // the server's own origin only. A request without Origin (not a browser) is always let on.
    std::optional<std::vector<std::string>> allowed_origins;
    // The guard console (static files at /). Off: / answers 404.
    bool console = true;
    // Its folder, resolved when the config is loaded (relative to the config file when written;
    // the default rule in console_dir.hpp when not). Empty: none found (warned), / answers 404.
    std::string console_dir;
};

struct redis_config {
    std::string url = "redis://127.0.0.1:6379/0";  // redis://host:port/db or unix:///path?db=N
    std::string key_prefix = "alarmd:";
    duration connect_timeout = 2s;
    duration ping_interval = 1s;       // health check; no PONG within 3 intervals = down
    duration reconnect_min = 100ms;    // back-off starts here and doubles ...
    duration reconnect_max = 5s;       // ... up to this
    std::size_t events_maxlen = 1000000;  // approximate cap of the events stream (XADD MAXLEN ~)
    std::size_t replay_maxlen = 100000;   // WebSocket replay log entries kept
    std::size_t replay_max_bytes = 64 * 1024 * 1024;  // ... and their bytes at most
};

struct sia_ingest {
    std::optional<listen_address> tcp;
    std::optional<listen_address> udp;
    duration supervision = 90s;
    // TCP: connections at most, in all and from one source address; a connection that has
    // sent no accepted frame for idle_timeout is closed.
    std::size_t max_connections = 4096;
    std::size_t max_per_address = 64;
    duration idle_timeout = 60s;
};

struct gb26875_ingest {
    std::optional<listen_address> tcp;
    duration supervision = 120s;  // heartbeats come every 20-30 s
    // As for sia: connections at most, in all and from one address; a connection that has sent
    // no accepted frame for idle_timeout is closed (the device connects again).
    std::size_t max_connections = 4096;
    std::size_t max_per_address = 64;
    duration idle_timeout = 180s;
};

struct ami_ingest {
    std::string host = "127.0.0.1";
    std::uint16_t port = 5038;
    std::string username;
    std::string secret;
    std::vector<std::string> hotline;  // queue / extension numbers that count as hotline calls
    duration ping_interval = 20s;      // Ping when nothing was heard for this long
    duration reconnect_max = 30s;      // back-off ceiling (and the wait after a refused login)
};

struct http_source {
    std::string name;
    std::string token_sha256;  // lower-case hex SHA-256 of the bearer token
    // The devices it may send events for; empty: any configured device (warned at start).
    std::vector<std::string> devices;
    // The event kinds it may send; empty: every kind but arm, disarm and bypass (zone changes
    // are an operator's or the panel's own, never an integration's unless listed here).
    std::vector<std::string> kinds;
    int line = 0;  // config line, for messages
};

struct ingest_config {
    std::optional<sia_ingest> sia;
    std::optional<gb26875_ingest> gb26875;
    std::optional<ami_ingest> ami;
    std::vector<http_source> http_sources;
};

struct building {
    std::string id;
    std::string name;
    int floors = 0;
};

struct zone_info {
    std::optional<int> floor;
    std::string label;
    std::vector<std::string> cameras;
};

enum class device_protocol { sia, gb26875, http, ami };

enum class role { guard, team_lead, manager, admin };

struct device {
    std::string id;
    device_protocol protocol = device_protocol::http;
    std::string building;              // a site.buildings id
    std::optional<int> floor;
    std::string unit;                  // e.g. intercom door station of unit "301"
    std::string label;
    std::string account;               // sia: account number
    std::string key_hex;               // sia: AES key, 32/48/64 hex digits (never logged)
    std::string address;               // gb26875: 6-byte source address, 12 hex digits
    std::vector<std::string> allowed_sources;  // sia: peer addresses allowed, empty = any
    std::optional<duration> supervision;       // overrides the ingest default
    std::map<std::string, zone_info> zones;    // sia zone / http zone id -> info
    std::map<std::string, zone_info> points;   // gb26875 "system/component" -> info
    int line = 0;
};


struct shift {
    std::string from;  // "08:00"
    std::string to;    // "20:00"; to < from wraps midnight
};

struct person {
    std::string id;
    std::string name;
    role person_role = role::guard;
    std::string phone;
    std::string token_sha256;
    std::vector<shift> shifts;  // empty = always on duty
    int line = 0;
};

struct resident {
    std::string building;
    std::string unit;
    std::string name;
    std::string phone;
};

struct residents_config {
    std::string csv;                // as written, relative to the config file's folder
    std::vector<resident> entries;  // loaded from the CSV at load time
    // normalize_phone(phone) -> index into entries, built at load; on a number listed twice the
    // first row wins (the second is warned about).
    std::unordered_map<std::string, std::size_t> by_phone;

    // The resident a caller's number belongs to, in any of the forms normalize_phone accepts;
    // nullptr when the number is not in the directory (or has no digits).
    [[nodiscard]] const resident* find_by_phone(std::string_view phone) const;
};

enum class stage_target { guard, team_lead, manager, residents };
enum class stage_channel { ws, sms };
enum class stage_condition { false_alarm, test, resolved, acknowledged, held };

struct stage {
    std::string name;
    duration at = 0ms;
    std::vector<stage_target> to;
    std::vector<stage_channel> via;
    std::vector<stage_condition> unless;
    std::string message;  // template; empty = the built-in text for the stage
};

struct policy {
    std::string name;
    std::string inherit;             // resolved at load time: `stages` is complete
    std::vector<stage> stages;
    std::string plan;                // action plan text shown to guards
    std::optional<duration> realert; // re-push unacknowledged alerts this often
    // true: an incident of the category resolves itself (outcome real, by "system") when a
    // restore leaves every zone of it restored within auto_resolve_within of its opening (a door
    // held open, then closed). Unset: inherited, else false.
    std::optional<bool> auto_resolve_on_restore;
    std::optional<duration> auto_resolve_within;  // unset: inherited, else 5m
    // SLA limits for the special-event report: a stage name (reached within) or "on_site"
    // (a guard arrived within). Inherited as a whole when not written.
    std::map<std::string, duration> sla;
};

struct correlation_config {
    duration dedupe_window = 60s;
    duration group_window = 120s;
    duration bypass_max = 8h;  // a bypassed zone re-arms itself after this
    // Who may arm, disarm and bypass zones from the API (a panel's own events always count).
    std::vector<role> zone_roles{role::team_lead, role::manager, role::admin};
};

struct websocket_config {
    std::size_t queue_limit = 4096;   // queued messages per client before it is dropped
    duration ping_interval = 20s;     // server pings; no pong within 2 intervals = dropped
    std::size_t max_message_bytes = 64 * 1024;
    std::size_t hello_incidents = 200;  // the most urgent open incidents `hello` carries
};

enum class gateway_type { smpp, http, log };

struct sms_gateway {
    std::string name;
    gateway_type type = gateway_type::log;
    std::string host;
    std::uint16_t port = 0;
    std::string system_id;
    std::string password;  // never logged
    // smpp: how to bind and address messages (the provider says which values).
    std::string system_type;
    bool transceiver = true;     // bind_transceiver (receipts on the same connection), else
                                 // bind_transmitter
    std::string source_addr;     // the sender number or id the provider assigned
    std::uint16_t source_ton = 0;
    std::uint16_t source_npi = 0;
    std::uint16_t dest_ton = 1;  // international numbers (E.164 without "+")
    std::uint16_t dest_npi = 1;
    std::size_t window = 10;                // submit_sm awaiting their answer at most
    duration enquire_link = 30s;            // keep-alive when idle
    duration response_timeout = 10s;        // no answer (or no connection) within it: reconnect
    duration reconnect_max = 30s;           // back-off ceiling
    int retries = 5;                        // throttled / temporary refusals, per message
    bool receipts = true;                   // registered_delivery 1
    bool ucs2_only = false;                 // never GSM 7-bit (for SMSCs that read it as Latin-1)
    std::string url;
    std::string method = "POST";
    std::string body;
    // http: sent as written (no placeholders); values may be secrets and are never logged.
    std::map<std::string, std::string> headers;
    std::vector<int> success_status;  // http: the statuses that mean accepted; empty = any 2xx
    std::string success_match;        // http: the answer's body must contain it; empty = any
    duration timeout = 10s;           // http: the whole request, name lookup to answer
};

struct sms_config {
    std::vector<sms_gateway> gateways;  // in priority order: a message goes to the next on failure
    // No number gets more than this many messages a minute (0: no limit): a storm of incidents
    // must not bury a manager's phone; what is held back is recorded as suppressed.
    std::size_t per_recipient_per_minute = 6;
    // Messages handed to the gateways at once; the rest wait, managers' and team leads' before
    // residents' notices.
    std::size_t max_in_flight = 32;
};

// A problem found while loading, with where it is: "file:line: message".
struct diagnostic {
    std::string file;
    int line = 0;  // 1-based; 0 when the problem has no line (file unreadable)
    std::string message;

    [[nodiscard]] std::string str() const;  // "file:line: message"
};

struct config {
    std::string source_path;  // the file it was loaded from
    // What loaded but was left out (a residents row that cannot be used): logged at start and
    // on reload, printed by --check-config. Never a reason to refuse the config.
    std::vector<diagnostic> warnings;
    server_config server;
    redis_config redis;
    ingest_config ingest;
    std::vector<building> buildings;  // site.buildings
    // site.timezone: the estate's IANA zone (Asia/Shanghai) for shifts, SMS texts and reports;
    // empty: the system's. Applied at start (a change takes a restart).
    std::string timezone;
    std::vector<device> devices;
    std::vector<person> people;
    residents_config residents;
    std::map<std::string, policy> policies;  // by category name, "default" always present
    correlation_config correlation;
    websocket_config websocket;
    sms_config sms;

    [[nodiscard]] const device* find_device(std::string_view id) const;
    [[nodiscard]] const building* find_building(std::string_view id) const;
};

[[nodiscard]] const char* to_string(role r);
[[nodiscard]] const char* to_string(device_protocol p);

// An immutable config, shared by everything that uses it: a reload makes a new one and hands it
// to each component; an operation in flight keeps the one it started with alive.
using snapshot = std::shared_ptr<const config>;

}  // namespace alarmd::config
