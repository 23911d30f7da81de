#include "daemon/sys/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace alarmd::sys {
namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void gauge(std::string& out, std::string_view name, std::string_view help, std::int64_t v) {
    header(out, name, "gauge", help);
    out.append(name).append(" ").append(std::to_string(v)).append("\n");
}

void counter(std::string& out, std::string_view name, std::string_view help, std::uint64_t v) {
    header(out, name, "counter", help);
    out.append(name).append(" ").append(std::to_string(v)).append("\n");
}

// Sub-millisecond to minutes: covers push latency and stage lateness alike.
std::vector<double> latency_bounds() {
    return {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

}  // namespace

histogram::histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(bounds_.size(), 0) {}

void histogram::observe(double seconds) {
    auto it = std::lower_bound(bounds_.begin(), bounds_.end(), seconds);
    if (it != bounds_.end()) {
        ++buckets_[static_cast<std::size_t>(it - bounds_.begin())];
    }
    ++count_;
    sum_ += seconds;
}

void histogram::render(std::string& out, std::string_view name) const {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
        cumulative += buckets_[i];
        out.append(name).append("_bucket{le=\"").append(number(bounds_[i])).append("\"} ");
        out.append(std::to_string(cumulative)).append("\n");
    }
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(std::to_string(count_)).append("\n");
    out.append(name).append("_sum ").append(number(sum_)).append("\n");
    out.append(name).append("_count ").append(std::to_string(count_)).append("\n");
}

void labeled_counter::render(std::string& out, std::string_view name) const {
    for (const auto& [l, v] : values_) {
        out.append(name).append("{").append(l).append("} ").append(std::to_string(v)).append("\n");
    }
}

std::uint64_t labeled_counter::get(const std::string& l) const {
    auto it = values_.find(l);
    return it == values_.end() ? 0 : it->second;
}

std::string labels(std::initializer_list<std::pair<std::string_view, std::string_view>> kv) {
    std::string out;
    append_labels(out, kv);
    return out;
}

void labeled_counter::add(std::initializer_list<std::pair<std::string_view, std::string_view>> kv,
                          std::uint64_t n) {
    scratch_.clear();
    append_labels(scratch_, kv);
    add(std::string_view(scratch_), n);
}

void append_labels(std::string& out,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> kv) {
    const auto start = out.size();
    for (const auto& [k, v] : kv) {
        if (out.size() > start) {
            out.push_back(',');
        }
        out.append(k).append("=\"");
        for (char c : v) {
            if (c == '\\' || c == '"') {
                out.push_back('\\');
                out.push_back(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.push_back(c);
            }
        }
        out.push_back('"');
    }
}

metrics::metrics() : ingest_to_push(latency_bounds()), stage_lateness(latency_bounds()) {}

std::string metrics::render() const {
    std::string out;
    header(out, "alarmd_events_total", "counter", "Events received, by source and kind.");
    events.render(out, "alarmd_events_total");
    header(out, "alarmd_correlations_total", "counter", "Correlation verdicts.");
    verdicts.render(out, "alarmd_correlations_total");
    header(out, "alarmd_http_responses_total", "counter", "HTTP responses by status code.");
    http.render(out, "alarmd_http_responses_total");
    header(out, "alarmd_deliveries_total", "counter",
           "Notification deliveries by channel and result.");
    deliveries.render(out, "alarmd_deliveries_total");
    header(out, "alarmd_ingest_to_push_seconds", "histogram",
           "From receiving an event to its WebSocket push being queued to clients.");
    ingest_to_push.render(out, "alarmd_ingest_to_push_seconds");
    header(out, "alarmd_stage_lateness_seconds", "histogram",
           "How late escalation stages fired after their due time.");
    stage_lateness.render(out, "alarmd_stage_lateness_seconds");
    counter(out, "alarmd_persist_failures_total",
            "Events dispatched but not acknowledged as durable (Redis unavailable).",
            persist_failures);
    counter(out, "alarmd_ws_messages_total", "WebSocket messages queued to clients.", ws_messages);
    counter(out, "alarmd_ws_dropped_clients_total", "WebSocket clients dropped for not reading.",
            ws_dropped);
    gauge(out, "alarmd_ws_clients", "Connected WebSocket clients.", ws_clients ? ws_clients() : 0);
    gauge(out, "alarmd_incidents_open", "Open incidents.", open_incidents ? open_incidents() : 0);
    gauge(out, "alarmd_redis_up", "1 when the Redis connection is up.",
          redis_up && redis_up() ? 1 : 0);
    gauge(out, "alarmd_redis_durable",
          "1 when Redis persists writes (appendonly yes, appendfsync always or everysec).",
          redis_durable && redis_durable() ? 1 : 0);
    // SIA DC-09 receiver (issue #4)
    header(out, "alarmd_sia_frames_total", "counter",
           "SIA DC-09 frames by transport, answer (ACK, NAK, DUH, none) and reason.");
    sia_frames.render(out, "alarmd_sia_frames_total");
    gauge(out, "alarmd_sia_connections", "Open SIA DC-09 TCP connections.",
          sia_connections ? sia_connections() : 0);
    header(out, "alarmd_gb26875_frames_total", "counter",
           "GB/T 26875.3 frames by answer (confirm, deny, none) and reason.");
    gb26875_frames.render(out, "alarmd_gb26875_frames_total");
    gauge(out, "alarmd_gb26875_connections", "Open GB/T 26875.3 TCP connections.",
          gb26875_connections ? gb26875_connections() : 0);
    gauge(out, "alarmd_ami_up", "1 when logged in to the Asterisk manager interface.",
          ami_up && ami_up() ? 1 : 0);
    header(out, "alarmd_hotline_calls_total", "counter",
           "Hotline calls by what happened (started, answered, missed, ended).");
    hotline_calls.render(out, "alarmd_hotline_calls_total");
    return out;
}

}  // namespace alarmd::sys
