// The daemon's own plumbing: server, redis, ingest listeners, correlation windows, websocket
// limits and SMS gateways.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <map>
#include <tuple>

#include "daemon/config/console_dir.hpp"
#include "daemon/config/duration.hpp"
#include "daemon/config/file_text.hpp"
#include "daemon/config/http_url.hpp"
#include "daemon/config/origin.hpp"
#include "daemon/config/sections.hpp"
#include "daemon/config/text_checks.hpp"
#include "daemon/config/tls_files.hpp"

namespace alarmd::config::detail {

namespace {

constexpr std::array<name_of<gateway_type>, 3> gateway_types{{
    {"smpp", gateway_type::smpp},
    {"http", gateway_type::http},
    {"log", gateway_type::log},
}};

[[nodiscard]] bool is_redis_url(std::string_view url) {
    for (std::string_view scheme : {"redis://", "rediss://"}) {
        if (url.starts_with(scheme) && url.size() > scheme.size()) {
            return true;
        }
    }
    return url.starts_with("unix:///");
}

// A certificate chain or a key is a few KiB; anything bigger is the wrong file.
constexpr std::uintmax_t max_pem_bytes = 1024 * 1024;

// Reads both files (relative to the config file's folder) and checks that they make a TLS
// server context; false after reporting the file at fault.
bool read_tls_files(object& tls, tls_config& t) {
    const auto base = tls.owner().base_dir();
    bool ok = true;
    for (auto [key, path, pem] : {std::tuple{"cert", &t.cert, &t.cert_pem},
                                  std::tuple{"key", &t.key, &t.key_pem}}) {
        *path = beside_config(base, *path).string();
        std::string why;
        auto text = read_text(*path, max_pem_bytes, why);
        if (!text) {
            tls.error(key, "cannot read " + quote_path(*path) + " (" + why + ")");
            ok = false;
            continue;
        }
        *pem = std::move(*text);
    }
    if (!ok) {
        return false;
    }
    tls_problem problem;
    if (!make_server_ssl_ctx(t, problem)) {
        tls.error(problem.key, problem.message);
        return false;
    }
    return true;
}

// Each entry an origin as a browser sends it; stored normalized (lower case, no default port).
void read_allowed_origins(object& s, server_config& out) {
    std::vector<std::pair<std::string, int>> written;
    if (!s.get("allowed_origins", written)) {
        return;
    }
    std::vector<std::string> origins;
    bool good = true;
    for (std::size_t i = 0; i < written.size(); ++i) {
        const auto& entry = written[i];
        const auto where = s.path_of("allowed_origins") + "[" + std::to_string(i) + "]: ";
        const auto o = normalize_origin(entry.first);
        if (!o) {
            s.owner().error(entry.second,
                            where + quote_value(entry.first) +
                                " is not an origin (scheme://host[:port] with http or https and "
                                "nothing after, e.g. \"https://console.example\")");
            good = false;
        } else if (std::find(origins.begin(), origins.end(), *o) != origins.end()) {
            s.owner().error(entry.second, where + quote_value(entry.first) + " is listed twice");
            good = false;
        } else {
            origins.push_back(*o);
        }
    }
    if (good) {
        out.allowed_origins = std::move(origins);
    }
}

// The default console folder, or a warning that there is none (the daemon runs without it).
void find_console(reader& r, server_config& out) {
    if (!out.console) {
        return;
    }
    if (auto dir = default_console_dir()) {
        out.console_dir = dir->string();
        return;
    }
    r.warn_in(r.file(), 0,
              "server.console_dir: not set and no console folder found (share/alarmd/console "
              "beside the binary's folder, or console/ of the source tree it was built in); "
              "/ answers 404");
}

// server.console and server.console_dir: a folder that is written must hold index.html.
void read_console(object& s, server_config& out) {
    std::optional<bool> on;
    if (s.get("console", on) && on) {
        out.console = *on;
    }
    std::string dir;
    if (!s.get("console_dir", dir)) {
        find_console(s.owner(), out);
        return;
    }
    if (dir.empty()) {
        s.error("console_dir", "empty: a folder with the console's index.html");
        return;
    }
    const auto path = beside_config(s.owner().base_dir(), dir);
    if (out.console && !is_console_dir(path)) {
        s.error("console_dir", "no index.html in " + quote_path(path.string()));
        return;
    }
    out.console_dir = path.lexically_normal().string();
}

void read_ami(object& ingest, config& out) {
    auto a = ingest.child("ami", {"host", "port", "username", "secret", "hotline", "ping_interval",
                                  "reconnect_max"});
    if (!a) {
        return;
    }
    ami_ingest v;
    if (a->get("host", v.host) && v.host.empty()) {
        a->missing("host", "the Asterisk manager host");
    }
    a->get("port", v.port, bounds::port);
    a->require("username", v.username, "the AMI login user");
    a->require("secret", v.secret, "the AMI login secret");
    if (a->get("hotline", v.hotline) && v.hotline.empty()) {
        a->error("hotline", "empty: list the hotline numbers or queues, e.g. [\"600\"]");
    } else if (!a->has("hotline")) {
        a->missing("hotline", "the hotline numbers or queues whose calls count, e.g. [\"600\"]");
    }
    a->get("ping_interval", v.ping_interval, bounds::ami_timer);
    a->get("reconnect_max", v.reconnect_max, bounds::ami_timer);
    out.ingest.ami = std::move(v);
}

void read_http_sources(object& ingest, config& out) {
    ingest.for_each_item("http_sources",
                         [&](const YAML::Node& node, const std::string& path, int line) {
                             object s(ingest.owner(), node, path, line,
                                      {"name", "token_sha256", "devices", "kinds"});
                             if (!s.valid()) {
                                 return;
                             }
                             http_source v;
                             v.line = line;
                             if (read_id(s, "name", v.name, "a source needs a name")) {
                                 check_unique(s, "name", "http source name", v.name);
                             }
                             read_token(s, v.token_sha256, "a source needs a token");
                             s.get("devices", v.devices);
                             if (s.get("kinds", v.kinds)) {
                                 for (const auto& k : v.kinds) {
                                     if (std::find(event_kind_names.begin(), event_kind_names.end(),
                                                   k) == event_kind_names.end()) {
                                         s.error("kinds", "unknown kind " + quote_value(k) +
                                                              " (use alarm, restore, fault, "
                                                              "fault_restore, status, test, arm, "
                                                              "disarm or bypass)");
                                     }
                                 }
                             }
                             out.ingest.http_sources.push_back(std::move(v));
                         });
}

constexpr std::array<name_of<bool>, 2> bind_modes{{
    {"transceiver", true},
    {"transmitter", false},
}};

// The keys only one type of gateway takes, refused for the other types.
constexpr std::array<std::string_view, 18> smpp_keys{
    "host",        "port",       "system_id",  "password",     "system_type",      "bind",
    "source_addr", "source_ton", "source_npi", "dest_ton",     "dest_npi",         "window",
    "enquire_link", "response_timeout", "reconnect_max", "retries", "receipts",   "ucs2_only"};
constexpr std::array<std::string_view, 7> http_keys{
    "url", "method", "body", "headers", "success_status", "success_match", "timeout"};

template <std::size_t N>
void refuse_keys(object& g, const std::array<std::string_view, N>& keys, std::string_view user) {
    for (auto k : keys) {
        refuse(g, {k}, user);
    }
}

void read_smpp(object& g, sms_gateway& v) {
    g.get("system_type", v.system_type);
    g.get("bind", v.transceiver, bind_modes);
    g.get("source_addr", v.source_addr);
    g.get("source_ton", v.source_ton, bounds::smpp_ton);
    g.get("source_npi", v.source_npi, bounds::smpp_npi);
    g.get("dest_ton", v.dest_ton, bounds::smpp_ton);
    g.get("dest_npi", v.dest_npi, bounds::smpp_npi);
    g.get("window", v.window, bounds::smpp_window);
    g.get("enquire_link", v.enquire_link, bounds::smpp_timer);
    g.get("response_timeout", v.response_timeout, bounds::smpp_timer);
    g.get("reconnect_max", v.reconnect_max, bounds::smpp_timer);
    g.get("retries", v.retries, bounds::smpp_retries);
    std::optional<bool> flag;
    if (g.get("receipts", flag) && flag) {
        v.receipts = *flag;
    }
    flag.reset();
    if (g.get("ucs2_only", flag) && flag) {
        v.ucs2_only = *flag;
    }
}

// An HTTP header name: an RFC 9110 token.
[[nodiscard]] bool is_header_name(std::string_view s) {
    constexpr std::string_view extra = "!#$%&'*+-.^_`|~";
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [&](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               extra.find(c) != std::string_view::npos;
    });
}

[[nodiscard]] std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// headers: a map of name to value, sent as written. Values are secrets as often as not (an API
// key, a Basic credential), so no message repeats one.
void read_http_headers(object& g, sms_gateway& v) {
    std::map<std::string, int> seen;  // lower-case name -> line
    g.for_each_entry("headers", [&](const std::string& name, const YAML::Node& node,
                                    const std::string& path, int line) {
        auto& r = g.owner();
        if (!is_header_name(name)) {
            r.error(line, path + ": not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)");
            return;
        }
        const auto key = lower(name);
        if (key == "host" || key == "content-length" || key == "transfer-encoding" ||
            key == "connection") {
            r.error(line, path + ": set by alarmd (from the URL and the body); remove it");
            return;
        }
        if (const auto [at, fresh] = seen.emplace(key, line); !fresh) {
            r.error(line, path + ": header listed twice (first at line " +
                              std::to_string(at->second) + ")");
            return;
        }
        if (!node.IsScalar()) {
            r.error(line_of(node, line), path + ": expected a single value");
            return;
        }
        const auto& value = node.Scalar();
        const bool clean =
            value.size() <= 4096 && std::none_of(value.begin(), value.end(), [](char c) {
                const auto b = static_cast<unsigned char>(c);
                return (b < 0x20 && c != '\t') || b == 0x7f;
            });
        if (!clean) {
            r.error(line_of(node, line),
                    path + ": control characters (line breaks) or more than 4096 bytes");
            return;
        }
        v.headers.emplace(name, value);
    });
}

void read_success_status(object& g, sms_gateway& v) {
    std::vector<std::pair<std::string, int>> written;
    if (!g.get("success_status", written)) {
        return;
    }
    std::vector<int> statuses;
    for (const auto& [text, line] : written) {
        int value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
            value < bounds::http_status.min || value > bounds::http_status.max) {
            g.owner().error(line, g.path_of("success_status") + ": " + quote_value(text) +
                                      " is not an HTTP status (100..599)");
            return;
        }
        statuses.push_back(value);
    }
    v.success_status = std::move(statuses);
}

void read_http_gateway(object& g, sms_gateway& v) {
    if (g.require("url", v.url, "the gateway URL template")) {
        if (auto u = parse_http_url(v.url); !u) {
            g.error("url", u.error());
        } else if (auto p = unknown_placeholder(v.url)) {
            g.error("url", "unknown placeholder " + *p + " (use {to}, {text} or {ref})");
        }
    }
    if (g.get("method", v.method) && v.method != "GET" && v.method != "POST" && v.method != "PUT") {
        g.error("method", "unknown value " + quote_value(v.method) + " (use GET, POST or PUT)");
    }
    if (g.get("body", v.body)) {
        if (v.method == "GET" && !v.body.empty()) {
            g.error("body",
                    "not sent with method GET (use POST or PUT, or put the fields in the "
                    "URL's query)");
        } else if (auto p = unknown_placeholder(v.body)) {
            g.error("body", "unknown placeholder " + *p + " (use {to}, {text} or {ref})");
        }
    }
    read_http_headers(g, v);
    read_success_status(g, v);
    g.get("success_match", v.success_match);
    g.get("timeout", v.timeout, bounds::sms_http_timeout);
}

void read_gateway(object& g, sms_gateway& v) {
    if (read_id(g, "name", v.name, "a gateway needs a name")) {
        check_unique(g, "name", "sms gateway name", v.name);
    }
    if (!g.has("type")) {
        g.missing("type", "smpp, http or log");
        return;
    }
    if (!g.get("type", v.type, gateway_types)) {
        return;
    }
    switch (v.type) {
        case gateway_type::smpp:
            g.require("host", v.host, "the SMPP server host");
            if (!g.has("port")) {
                g.missing("port", "the SMPP server port, often 2775");
            }
            g.get("port", v.port, bounds::port);
            g.require("system_id", v.system_id, "the SMPP bind system_id");
            g.get("password", v.password);
            read_smpp(g, v);
            refuse_keys(g, http_keys, "type smpp");
            break;
        case gateway_type::http:
            read_http_gateway(g, v);
            refuse_keys(g, smpp_keys, "type http");
            break;
        case gateway_type::log:
            refuse_keys(g, smpp_keys, "type log");
            refuse_keys(g, http_keys, "type log");
            break;
    }
}

}  // namespace

void read_server(object& root, config& out) {
    auto s = root.child("server", {"http_listen", "max_body_bytes", "request_timeout", "tls",
                                   "max_connections", "allowed_origins", "console",
                                   "console_dir"});
    if (!s) {
        find_console(root.owner(), out.server);
        return;
    }
    s->get("http_listen", out.server.http_listen);
    s->get("max_body_bytes", out.server.max_body_bytes, bounds::max_body_bytes);
    s->get("request_timeout", out.server.request_timeout, bounds::request_timeout);
    s->get("max_connections", out.server.max_connections, bounds::max_connections);
    read_allowed_origins(*s, out.server);
    if (auto tls = s->child("tls", {"cert", "key"})) {
        tls_config t;
        const bool cert = tls->require("cert", t.cert, "the PEM certificate chain file");
        const bool key = tls->require("key", t.key, "the PEM private key file");
        if (cert && key && read_tls_files(*tls, t)) {
            out.server.tls = std::move(t);
        }
    }
    read_console(*s, out.server);
}

void read_redis(object& root, config& out) {
    auto r =
        root.child("redis", {"url", "key_prefix", "connect_timeout", "ping_interval",
                             "reconnect_min", "reconnect_max", "events_maxlen", "replay_maxlen",
                             "replay_max_bytes"});
    if (!r) {
        return;
    }
    redis_config& v = out.redis;
    std::string url;
    if (r->get("url", url)) {
        // The URL may carry a password, so it is not repeated in the message.
        if (is_redis_url(url)) {
            v.url = std::move(url);
        } else {
            r->error("url",
                     "expected redis://host:port/db, rediss://host:port/db or "
                     "unix:///path?db=N");
        }
    }
    r->get("key_prefix", v.key_prefix);
    r->get("connect_timeout", v.connect_timeout, bounds::redis_connect_timeout);
    r->get("ping_interval", v.ping_interval, bounds::redis_ping_interval);
    const bool min_ok = r->get("reconnect_min", v.reconnect_min, bounds::redis_reconnect);
    const bool max_ok = r->get("reconnect_max", v.reconnect_max, bounds::redis_reconnect);
    if ((min_ok || max_ok) && v.reconnect_min > v.reconnect_max) {
        r->error(min_ok ? "reconnect_min" : "reconnect_max",
                 "reconnect_min (" + format_duration(v.reconnect_min) +
                     ") must not be above reconnect_max (" + format_duration(v.reconnect_max) +
                     ")");
    }
    r->get("events_maxlen", v.events_maxlen, bounds::redis_events_maxlen);
    r->get("replay_maxlen", v.replay_maxlen, bounds::redis_replay_maxlen);
    r->get("replay_max_bytes", v.replay_max_bytes, bounds::redis_replay_max_bytes);
}

void read_ingest(object& root, config& out) {
    auto in = root.child("ingest", {"sia", "gb26875", "ami", "http_sources"});
    if (!in) {
        return;
    }
    if (auto s = in->child("sia", {"tcp", "udp", "supervision", "max_connections",
                                   "max_per_address", "idle_timeout"})) {
        sia_ingest v;
        s->get("tcp", v.tcp);
        s->get("udp", v.udp);
        s->get("supervision", v.supervision, bounds::supervision);
        s->get("max_connections", v.max_connections, bounds::sia_max_connections);
        s->get("max_per_address", v.max_per_address, bounds::sia_max_connections);
        s->get("idle_timeout", v.idle_timeout, bounds::sia_idle_timeout);
        if (!s->has("tcp") && !s->has("udp")) {
            s->missing("tcp", "give tcp, udp or both, e.g. \"0.0.0.0:5000\"");
        }
        out.ingest.sia = std::move(v);
    }
    if (auto g = in->child("gb26875", {"tcp", "supervision", "max_connections", "max_per_address",
                                       "idle_timeout"})) {
        gb26875_ingest v;
        if (!g->has("tcp")) {
            g->missing("tcp", "the listen address, e.g. \"0.0.0.0:5001\"");
        }
        g->get("tcp", v.tcp);
        g->get("supervision", v.supervision, bounds::supervision);
        g->get("max_connections", v.max_connections, bounds::sia_max_connections);
        g->get("max_per_address", v.max_per_address, bounds::sia_max_connections);
        g->get("idle_timeout", v.idle_timeout, bounds::sia_idle_timeout);
        out.ingest.gb26875 = std::move(v);
    }
    read_ami(*in, out);
    read_http_sources(*in, out);
}

void read_correlation(object& root, config& out) {
    auto c = root.child("correlation",
                        {"dedupe_window", "group_window", "bypass_max", "zone_roles"});
    if (!c) {
        return;
    }
    c->get("dedupe_window", out.correlation.dedupe_window, bounds::correlation_window);
    c->get("group_window", out.correlation.group_window, bounds::correlation_window);
    c->get("bypass_max", out.correlation.bypass_max, bounds::bypass_max);
    c->get("zone_roles", out.correlation.zone_roles, role_names);
}

void read_websocket(object& root, config& out) {
    auto w = root.child("websocket",
                        {"queue_limit", "ping_interval", "max_message_bytes", "hello_incidents"});
    if (!w) {
        return;
    }
    w->get("queue_limit", out.websocket.queue_limit, bounds::ws_queue_limit);
    w->get("ping_interval", out.websocket.ping_interval, bounds::ws_ping_interval);
    w->get("max_message_bytes", out.websocket.max_message_bytes, bounds::ws_max_message_bytes);
    w->get("hello_incidents", out.websocket.hello_incidents, bounds::ws_hello_incidents);
}

void read_sms(object& root, config& out) {
    auto s = root.child("sms", {"gateways", "per_recipient_per_minute", "max_in_flight"});
    if (!s) {
        return;
    }
    s->get("per_recipient_per_minute", out.sms.per_recipient_per_minute, bounds::sms_per_minute);
    s->get("max_in_flight", out.sms.max_in_flight, bounds::sms_in_flight);
    s->for_each_item("gateways", [&](const YAML::Node& node, const std::string& path, int line) {
        object g(s->owner(), node, path, line,
                 {"name",        "type",          "host",           "port",
                  "system_id",   "password",      "system_type",    "bind",
                  "source_addr", "source_ton",    "source_npi",     "dest_ton",
                  "dest_npi",    "window",        "enquire_link",   "response_timeout",
                  "reconnect_max", "retries",     "receipts",       "ucs2_only",
                  "url",         "method",        "body",           "headers",
                  "success_status", "success_match", "timeout"});
        if (!g.valid()) {
            return;
        }
        sms_gateway v;
        read_gateway(g, v);
        out.sms.gateways.push_back(std::move(v));
    });
}

}  // namespace alarmd::config::detail
