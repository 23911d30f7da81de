// The daemon's own plumbing: server, redis, ingest listeners, correlation windows, websocket
// limits and SMS gateways.
#include <algorithm>
#include <array>
#include <cstdint>
#include <tuple>

#include "daemon/config/duration.hpp"
#include "daemon/config/file_text.hpp"
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

[[nodiscard]] bool is_http_url(std::string_view url) {
    return (url.starts_with("http://") && url.size() > 7) ||
           (url.starts_with("https://") && url.size() > 8);
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

void read_ami(object& ingest, config& out) {
    auto a = ingest.child("ami", {"host", "port", "username", "secret", "hotline"});
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
    a->get("hotline", v.hotline);
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

// The keys only an smpp gateway takes, refused for the other types.
void refuse_smpp_keys(object& g, std::string_view user) {
    static constexpr std::array<std::string_view, 18> keys{
        "host",         "port",        "system_id",  "password",         "system_type",
        "bind",         "source_addr", "source_ton", "source_npi",       "dest_ton",
        "dest_npi",     "window",      "enquire_link", "response_timeout", "reconnect_max",
        "retries",      "receipts",    "ucs2_only"};
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
            refuse(g, {"url", "method", "body"}, "type smpp");
            break;
        case gateway_type::http:
            if (g.require("url", v.url, "the gateway URL template") && !is_http_url(v.url)) {
                g.error("url", "expected an http:// or https:// URL");
            }
            if (g.get("method", v.method) && v.method != "GET" && v.method != "POST" &&
                v.method != "PUT") {
                g.error("method",
                        "unknown value " + quote_value(v.method) + " (use GET, POST or PUT)");
            }
            g.get("body", v.body);
            refuse_smpp_keys(g, "type http");
            break;
        case gateway_type::log:
            refuse_smpp_keys(g, "type log");
            refuse(g, {"url", "method", "body"}, "type log");
            break;
    }
}

}  // namespace

void read_server(object& root, config& out) {
    auto s = root.child("server", {"http_listen", "max_body_bytes", "request_timeout", "tls",
                                   "max_connections", "allowed_origins"});
    if (!s) {
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
    auto s = root.child("sms", {"gateways"});
    if (!s) {
        return;
    }
    s->for_each_item("gateways", [&](const YAML::Node& node, const std::string& path, int line) {
        object g(
            s->owner(), node, path, line,
            {"name", "type", "host", "port", "system_id", "password", "system_type", "bind",
             "source_addr", "source_ton", "source_npi", "dest_ton", "dest_npi", "window",
             "enquire_link", "response_timeout", "reconnect_max", "retries", "receipts",
             "ucs2_only", "url", "method", "body"});
        if (!g.valid()) {
            return;
        }
        sms_gateway v;
        read_gateway(g, v);
        out.sms.gateways.push_back(std::move(v));
    });
}

}  // namespace alarmd::config::detail
