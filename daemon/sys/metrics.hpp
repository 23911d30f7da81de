#pragma once
// Counters, gauges and histograms for GET /metrics (Prometheus text format 0.0.4). Updated and
// read on the io_context thread only.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::sys {

class histogram {
public:
    explicit histogram(std::vector<double> bounds);  // upper bounds, seconds, ascending
    void observe(double seconds);
    void render(std::string& out, std::string_view name) const;
    [[nodiscard]] std::uint64_t count() const { return count_; }

private:
    std::vector<double> bounds_;
    std::vector<std::uint64_t> buckets_;  // per bound, not cumulative
    std::uint64_t count_ = 0;
    double sum_ = 0;
};

// A counter family keyed by its rendered label set, e.g. `source="http",kind="alarm"`.
class labeled_counter {
public:
    void add(std::string_view labels, std::uint64_t n = 1) {
        if (auto it = values_.find(labels); it != values_.end()) {
            it->second += n;
        } else {
            values_.emplace(std::string(labels), n);
        }
    }
    // The labels written into a buffer kept for the next call: counted per frame, so no string
    // is made for a label set already seen.
    void add(std::initializer_list<std::pair<std::string_view, std::string_view>> kv,
             std::uint64_t n = 1);
    void render(std::string& out, std::string_view name) const;
    [[nodiscard]] std::uint64_t get(const std::string& labels) const;

private:
    std::map<std::string, std::uint64_t, std::less<>> values_;
    std::string scratch_;
};

struct metrics {
    metrics();

    labeled_counter events;        // alarmd_events_total{source,kind}
    labeled_counter verdicts;      // alarmd_correlations_total{verdict}
    labeled_counter http;          // alarmd_http_responses_total{code}
    labeled_counter deliveries;    // alarmd_deliveries_total{via,result}
    histogram ingest_to_push;      // alarmd_ingest_to_push_seconds
    histogram stage_lateness;      // alarmd_stage_lateness_seconds
    std::uint64_t persist_failures = 0;  // events answered "not durable"
    std::uint64_t ws_messages = 0;       // messages queued to clients
    std::uint64_t ws_dropped = 0;        // clients dropped for not reading
    std::function<std::int64_t()> ws_clients;
    std::function<std::int64_t()> open_incidents;
    std::function<bool()> redis_up;
    std::function<bool()> redis_durable;
    // SIA DC-09 receiver (issue #4)
    labeled_counter sia_frames;  // alarmd_sia_frames_total{transport,answer,reason}
    std::function<std::int64_t()> sia_connections;
    // GB/T 26875.3 receiver
    labeled_counter gb26875_frames;  // alarmd_gb26875_frames_total{answer,reason}
    std::function<std::int64_t()> gb26875_connections;
    // The Asterisk hotline client
    std::function<bool()> ami_up;
    labeled_counter hotline_calls;  // alarmd_hotline_calls_total{outcome}

    [[nodiscard]] std::string render() const;
};

// `key="value"` pairs joined by commas, with values escaped for the exposition format.
[[nodiscard]] std::string labels(std::initializer_list<std::pair<std::string_view, std::string_view>> kv);
void append_labels(std::string& out,
                   std::initializer_list<std::pair<std::string_view, std::string_view>> kv);

}  // namespace alarmd::sys
