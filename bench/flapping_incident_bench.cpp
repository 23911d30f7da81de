// One incident that never closes: P panels in one building flap Z zones each (burglary alarm,
// restore, alarm, ...) for N events in all, so every event folds into the same open incident for
// its whole life. The run is cut into ten equal windows; after each, the daemon's CPU per event,
// its RSS, Redis's memory and the incident's timeline length are sampled. Flat means the last
// window costs what the first did: per-event work and memory do not grow with the incident.
//
//   alarmd_bench_flap [events=100000] [panels=4] [zones=8]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "bench/dc09_panel.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using namespace alarmd::test;
using steady = std::chrono::steady_clock;

namespace {

constexpr int windows = 10;

struct sample {
    double cpu_us_per_event = 0;
    double events_per_s = 0;
    double rss_mib = 0;
    long long redis_bytes = 0;
    long long timeline = 0;
};

// Event n of a panel: zone (n / 2) % zones + 1, alarm when n is even, restore when odd.
bool flap(bench::dc09_panel& p, int zones, int from, int to) {
    char event[32];
    for (int n = from; n < to; ++n) {
        std::snprintf(event, sizeof event, "%c130 01 %03d", n % 2 == 0 ? '1' : '3',
                      (n / 2) % zones + 1);
        if (!p.exchange(event)) {
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    const int events = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int panels = argc > 2 ? std::atoi(argv[2]) : 4;
    const int zones = argc > 3 ? std::atoi(argv[3]) : 8;
    const int per_window = events / windows / panels;  // per panel

    redis_server redis(/*aof=*/true);
    const int sia_port = free_tcp_port();
    daemon_process daemon(bench::panels_config(redis, panels, sia_port));
    daemon.start();
    std::vector<bench::dc09_panel> loops;
    for (int i = 0; i < panels; ++i) {
        loops.emplace_back(std::to_string(1000 + i));
        if (!loops.back().connect_to(sia_port)) {
            std::fprintf(stderr, "cannot connect to the SIA port\n");
            return 1;
        }
    }

    auto timeline_length = [&redis] {
        const auto open = redis_query(redis.port(), {"ZRANGE", "s:incidents:open", "0", "-1"});
        return open.elements.size() == 1
                   ? redis_query(redis.port(), {"LLEN", "s:incident:" + open.elements[0] + ":timeline"})
                         .integer
                   : -1;
    };
    std::vector<sample> samples;
    bool broken = false;
    for (int w = 0; w < windows && !broken; ++w) {
        const auto cpu_before = bench::process_cpu_seconds(daemon.pid());
        const auto started = steady::now();
        std::vector<std::thread> threads;
        std::vector<char> ok(loops.size(), 1);
        for (std::size_t i = 0; i < loops.size(); ++i) {
            threads.emplace_back([&, i] {
                ok[i] = flap(loops[i], zones, w * per_window, (w + 1) * per_window) ? 1 : 0;
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        for (const char o : ok) {
            broken = broken || o == 0;
        }
        const double elapsed = std::chrono::duration<double>(steady::now() - started).count();
        const double cpu = bench::process_cpu_seconds(daemon.pid()) - cpu_before;
        const double n = static_cast<double>(per_window) * panels;
        samples.push_back({cpu * 1e6 / n, n / elapsed,
                           bench::process_rss_mib(daemon.pid(), "VmRSS:"),
                           bench::redis_used_memory(redis.port()), timeline_length()});
    }

    std::uint64_t acks = 0;
    for (const auto& l : loops) {
        acks += l.acks;
    }
    const auto open = redis_query(redis.port(), {"ZRANGE", "s:incidents:open", "0", "-1"});
    const std::string id = open.elements.empty() ? "" : open.elements[0];
    const auto head = redis_query(redis.port(), {"HGET", "s:incident:" + id, "head"}).str;
    const auto hash_bytes = redis_query(redis.port(), {"MEMORY", "USAGE", "s:incident:" + id}).integer;
    const auto events_kept = redis_query(redis.port(), {"LLEN", "s:incident:" + id + ":events"}).integer;

    std::printf("flapping incident: %d panels x %d zones of one building, %d events, Redis AOF "
                "everysec\n",
                panels, zones, per_window * panels * windows);
    std::printf("  %llu ACKed%s; open incidents %zu (want 1)\n",
                static_cast<unsigned long long>(acks), broken ? " (a connection broke)" : "",
                open.elements.size());
    std::printf("  %-8s %12s %10s %9s %12s %9s\n", "window", "us CPU/evt", "events/s", "RSS MiB",
                "Redis MiB", "timeline");
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto& s = samples[i];
        std::printf("  %-8zu %12.1f %10.0f %9.1f %12.1f %9lld\n", i + 1, s.cpu_us_per_event,
                    s.events_per_s, s.rss_mib, static_cast<double>(s.redis_bytes) / 1048576.0,
                    s.timeline);
    }
    std::printf("  incident hash (head + zones) %lld bytes, events list %lld, head %zu bytes\n",
                hash_bytes, events_kept, head.size());
    if (samples.size() < 2) {
        std::printf("RESULT flap_broken=1\n");
        return 1;
    }
    // The first window holds the start-up (allocations, the incident opening): compare the
    // second with the last.
    const auto& first = samples[1];
    const auto& last = samples.back();
    std::printf("RESULT flap_cpu_first_us=%.1f flap_cpu_last_us=%.1f flap_cpu_ratio=%.2f "
                "flap_rss_first_mib=%.1f flap_rss_last_mib=%.1f flap_rss_growth_mib=%.1f "
                "flap_timeline=%lld flap_open=%zu\n",
                first.cpu_us_per_event, last.cpu_us_per_event,
                last.cpu_us_per_event / first.cpu_us_per_event, first.rss_mib, last.rss_mib,
                last.rss_mib - first.rss_mib, last.timeline, open.elements.size());
    daemon.terminate();
    return broken ? 1 : 0;
}
