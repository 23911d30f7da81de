// The DC-09 storm: K panel connections in one building, each in a closed loop (send a Contact ID
// burglary frame, wait for its ACK, send the next; one thread drives them all), the zones
// spread over 1..Z so the storm folds into one growing incident. alarmd runs as its own process
// (release build) against a redis-server with AOF everysec, as in production. Prints ACK/s, ACK
// latency percentiles, daemon CPU per ACKed event, the load's own CPU per ACK, the daemon's RSS
// and Redis memory per stored event.
//
//   alarmd_bench_storm [connections=10] [seconds=10] [zones=999]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "bench/dc09_closed_loops.hpp"
#include "bench/dc09_panel.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using namespace alarmd::test;
using steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const int connections = argc > 1 ? std::atoi(argv[1]) : 10;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
    const int zones = argc > 3 ? std::atoi(argv[3]) : 999;

    redis_server redis(/*aof=*/true);
    const int sia_port = free_tcp_port();
    daemon_process daemon(bench::panels_config(redis, connections, sia_port));
    daemon.start();
    const auto redis_before = bench::redis_used_memory(redis.port());

    auto panels = bench::connect_panels(connections, sia_port);
    if (panels.empty()) {
        std::fprintf(stderr, "cannot connect to the SIA port\n");
        return 1;
    }
    const auto cpu_before = bench::process_cpu_seconds(daemon.pid());
    const auto load_cpu_before = bench::own_cpu_seconds();
    const auto started = steady::now();
    const bool whole = bench::run_closed_loops(panels, bench::burglary_sweep(panels.size(), zones),
                                               started + std::chrono::seconds(seconds));
    const double elapsed = std::chrono::duration<double>(steady::now() - started).count();
    const auto cpu = bench::process_cpu_seconds(daemon.pid()) - cpu_before;
    const auto load_cpu = bench::own_cpu_seconds() - load_cpu_before;
    if (!whole) {
        std::fprintf(stderr, "a panel connection broke or went silent: the figures are short\n");
    }

    const auto measured = bench::totals(panels);
    const auto& all = measured.latencies_ms;
    const auto acks = measured.acks;
    const auto other = measured.other;
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
    std::printf("  the load (one thread driving the panels): %.1f us CPU per ACK\n",
                acks ? load_cpu * 1e6 / static_cast<double>(acks) : 0.0);
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
