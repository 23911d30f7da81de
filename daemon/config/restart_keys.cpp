#include "daemon/config/restart_keys.hpp"

namespace alarmd::config {
namespace {

bool same(const listen_address& a, const listen_address& b) {
    return a.host == b.host && a.port == b.port;
}

bool same(const std::optional<listen_address>& a, const std::optional<listen_address>& b) {
    return a.has_value() == b.has_value() && (!a || same(*a, *b));
}

// Collects the names of the keys that differ.
class differences {
public:
    explicit differences(std::string section) : section_(std::move(section)) {}

    template <class T>
    void key(const char* name, const T& running, const T& next) {
        if (!(running == next)) {
            names.push_back(section_ + "." + name);
        }
    }
    void address(const char* name, const std::optional<listen_address>& running,
                 const std::optional<listen_address>& next) {
        if (!same(running, next)) {
            names.push_back(section_ + "." + name);
        }
    }

    std::vector<std::string> names;

private:
    std::string section_;
};

void server(const server_config& r, const server_config& n, std::vector<std::string>& out) {
    differences d("server");
    // Port 0 (a free port, picked at start: tests) is whatever was bound; only the host counts.
    if (r.http_listen.host != n.http_listen.host ||
        (r.http_listen.port != 0 && r.http_listen.port != n.http_listen.port)) {
        d.names.emplace_back("server.http_listen");
    }
    d.key("max_body_bytes", r.max_body_bytes, n.max_body_bytes);
    d.key("request_timeout", r.request_timeout, n.request_timeout);
    d.key("tls", r.tls.has_value(), n.tls.has_value());  // on or off; the files do reload
    out.insert(out.end(), d.names.begin(), d.names.end());
}

void redis(const redis_config& r, const redis_config& n, std::vector<std::string>& out) {
    differences d("redis");
    d.key("url", r.url, n.url);
    d.key("key_prefix", r.key_prefix, n.key_prefix);
    d.key("connect_timeout", r.connect_timeout, n.connect_timeout);
    d.key("ping_interval", r.ping_interval, n.ping_interval);
    d.key("reconnect_min", r.reconnect_min, n.reconnect_min);
    d.key("reconnect_max", r.reconnect_max, n.reconnect_max);
    d.key("events_maxlen", r.events_maxlen, n.events_maxlen);
    d.key("replay_maxlen", r.replay_maxlen, n.replay_maxlen);
    d.key("replay_max_bytes", r.replay_max_bytes, n.replay_max_bytes);
    out.insert(out.end(), d.names.begin(), d.names.end());
}

// A receiver's listener: its addresses and connection limits are fixed when it starts.
template <class Section>
void listener(const char* name, const std::optional<Section>& r, const std::optional<Section>& n,
              std::vector<std::string>& out) {
    if (r.has_value() != n.has_value()) {
        out.emplace_back(std::string("ingest.") + name);
        return;
    }
    if (!r) {
        return;
    }
    differences d(std::string("ingest.") + name);
    d.address("tcp", r->tcp, n->tcp);
    if constexpr (requires { r->udp; }) {
        d.address("udp", r->udp, n->udp);
    }
    d.key("max_connections", r->max_connections, n->max_connections);
    d.key("max_per_address", r->max_per_address, n->max_per_address);
    d.key("idle_timeout", r->idle_timeout, n->idle_timeout);
    out.insert(out.end(), d.names.begin(), d.names.end());
}

void websocket(const websocket_config& r, const websocket_config& n,
               std::vector<std::string>& out) {
    differences d("websocket");
    d.key("queue_limit", r.queue_limit, n.queue_limit);
    d.key("ping_interval", r.ping_interval, n.ping_interval);
    d.key("max_message_bytes", r.max_message_bytes, n.max_message_bytes);
    d.key("hello_incidents", r.hello_incidents, n.hello_incidents);
    out.insert(out.end(), d.names.begin(), d.names.end());
}

}  // namespace

std::vector<std::string> restart_only_changes(const config& running, const config& next) {
    std::vector<std::string> out;
    server(running.server, next.server, out);
    redis(running.redis, next.redis, out);
    listener("sia", running.ingest.sia, next.ingest.sia, out);
    listener("gb26875", running.ingest.gb26875, next.ingest.gb26875, out);
    if (running.ingest.ami.has_value() != next.ingest.ami.has_value()) {
        out.emplace_back("ingest.ami");
    }
    if (running.timezone != next.timezone) {
        out.emplace_back("site.timezone");
    }
    websocket(running.websocket, next.websocket, out);
    return out;
}

}  // namespace alarmd::config
