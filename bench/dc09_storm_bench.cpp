// The DC-09 storm: K panel connections in one building, each in a closed loop (send a Contact ID
// burglary frame, wait for its ACK, send the next), the zones spread over 1..Z so the storm folds
// into one growing incident. alarmd runs as its own process (release build) against a
// redis-server with AOF everysec, as in production. Prints ACK/s, ACK latency percentiles,
// daemon CPU per ACKed event, the daemon's RSS and Redis memory per stored event.
//
//   alarmd_bench_storm [connections=10] [seconds=10] [zones=999]
#include <algorithm>
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

// A panel of the storm: zones first_zone, first_zone + step, ... (mod zones), burglary alarms.
struct panel_loop {
    bench::dc09_panel panel;
    int first_zone = 1;
    int zone_step = 1;
    int zones = 999;

    void run(steady::time_point until) {
        int zone = first_zone;
        char event[32];
        while (steady::now() < until) {
            std::snprintf(event, sizeof event, "1130 01 %03d", zone);
            if (!panel.exchange(event)) {
                return;
            }
            zone = (zone - 1 + zone_step) % zones + 1;
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    const int connections = argc > 1 ? std::atoi(argv[1]) : 10;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
    const int zones = argc > 3 ? std::atoi(argv[3]) : 999;

    redis_server redis(/*aof=*/true);
    const int sia_port = free_tcp_port();
    daemon_process daemon(bench::panels_config(redis, connections, sia_port));
    daemon.start();
    const auto redis_before = bench::redis_used_memory(redis.port());

    std::vector<panel_loop> loops;
    loops.reserve(static_cast<std::size_t>(connections));
    for (int i = 0; i < connections; ++i) {
        loops.push_back({bench::dc09_panel(std::to_string(1000 + i)), i % zones + 1,
                         connections % zones == 0 ? 1 : connections, zones});
        if (!loops.back().panel.connect_to(sia_port)) {
            std::fprintf(stderr, "cannot connect to the SIA port\n");
            return 1;
        }
    }
    const auto cpu_before = bench::process_cpu_seconds(daemon.pid());
    const auto started = steady::now();
    const auto until = started + std::chrono::seconds(seconds);
    std::vector<std::thread> threads;
    for (auto& l : loops) {
        threads.emplace_back([&l, until] { l.run(until); });
    }
    for (auto& t : threads) {
        t.join();
    }
    const double elapsed = std::chrono::duration<double>(steady::now() - started).count();
    const auto cpu = bench::process_cpu_seconds(daemon.pid()) - cpu_before;

    std::vector<double> all;
    std::uint64_t acks = 0;
    std::uint64_t other = 0;
    for (auto& l : loops) {
        all.insert(all.end(), l.panel.latencies_ms.begin(), l.panel.latencies_ms.end());
        acks += l.panel.acks;
        other += l.panel.other;
    }
    const auto stored = redis_query(redis.port(), {"XLEN", "s:events"}).integer;
    const auto redis_after = bench::redis_used_memory(redis.port());
    std::printf("dc09 storm: %d connections, %d zones of one building, %.1f s, Redis AOF everysec\n",
                connections, zones, elapsed);
    std::printf("  acked %llu (other answers %llu), %.0f ACK/s\n",
                static_cast<unsigned long long>(acks), static_cast<unsigned long long>(other),
                static_cast<double>(acks) / elapsed);
    std::printf("  ACK latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
                bench::percentile(all, 0.50), bench::percentile(all, 0.90),
                bench::percentile(all, 0.99), bench::percentile(all, 1.0));
    std::printf("  daemon CPU %.1f us per ACKed event; RSS %.0f MiB (peak %.0f MiB)\n",
                acks ? cpu * 1e6 / static_cast<double>(acks) : 0.0,
                bench::process_rss_mib(daemon.pid(), "VmRSS:"),
                bench::process_rss_mib(daemon.pid(), "VmHWM:"));
    std::printf("  Redis: %lld events stored, %.0f bytes per stored event\n", stored,
                stored ? static_cast<double>(redis_after - redis_before) / static_cast<double>(stored)
                       : 0.0);
    std::printf("RESULT storm_acks_per_s=%.0f storm_p99_ms=%.2f storm_cpu_us=%.1f storm_rss_mib=%.0f "
                "storm_redis_bytes_per_event=%.0f\n",
                static_cast<double>(acks) / elapsed, bench::percentile(all, 0.99),
                acks ? cpu * 1e6 / static_cast<double>(acks) : 0.0,
                bench::process_rss_mib(daemon.pid(), "VmHWM:"),
                stored ? static_cast<double>(redis_after - redis_before) / static_cast<double>(stored)
                       : 0.0);
    daemon.terminate();
    return 0;
}
