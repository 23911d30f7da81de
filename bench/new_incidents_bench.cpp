// New incidents at a steady rate, each its own (no correlation windows), with one guard reading:
// POST -> push latency as the guard sees it, and the daemon's CPU per new incident. alarmd runs
// as its own process against a redis-server with AOF everysec.
//
//   alarmd_bench_new_incidents [rate=1000] [seconds=60]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "bench/bench_support.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using namespace alarmd::test;
using steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const int rate = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 60;
    const int events = rate * seconds;

    redis_server redis(/*aof=*/true);
    daemon_process daemon(test_config_yaml(
        redis.url(),
        "correlation: { dedupe_window: 0s, group_window: 0s }\n"
        "websocket: { queue_limit: 100000 }\n"));
    daemon.start();
    ws_client guard(daemon.port(), "tok-g01");
    if (!guard.next_of("hello")) {
        std::fprintf(stderr, "no hello\n");
        return 1;
    }

    std::vector<steady::time_point> sent(static_cast<std::size_t>(events));
    std::atomic<int> sent_count{0};
    std::vector<double> latency_ms;
    latency_ms.reserve(static_cast<std::size_t>(events));
    std::thread reader([&] {
        for (int k = 0; k < events;) {
            auto m = guard.next(std::chrono::seconds(30));
            const auto now = steady::now();
            if (!m) {
                std::fprintf(stderr, "push %d missing\n", k);
                return;
            }
            if (m->as_object().at("type").as_string() != "incident.opened") {
                continue;
            }
            while (sent_count.load(std::memory_order_acquire) <= k) {
                std::this_thread::yield();
            }
            latency_ms.push_back(
                std::chrono::duration<double, std::milli>(now - sent[static_cast<std::size_t>(k)])
                    .count());
            ++k;
        }
    });

    const char* zones[] = {"003", "004", "005"};
    http_connection conn(daemon.port());
    const auto cpu_before = bench::process_cpu_seconds(daemon.pid());
    const auto start = steady::now();
    const auto gap = std::chrono::nanoseconds(1000000000LL / rate);
    int refused = 0;
    for (int k = 0; k < events; ++k) {
        std::this_thread::sleep_until(start + gap * k);
        sent[static_cast<std::size_t>(k)] = steady::now();
        sent_count.store(k + 1, std::memory_order_release);
        const std::string body = R"({"device":"panel-b3","category":"fire","zone":")" +
                                 std::string(zones[k % 3]) + R"(","code":"E)" +
                                 std::to_string(k) + "\"}";
        refused += conn.call("POST", "/v1/events", body, "tok-gw").status == 202 ? 0 : 1;
    }
    const double elapsed = std::chrono::duration<double>(steady::now() - start).count();
    reader.join();
    const double cpu = bench::process_cpu_seconds(daemon.pid()) - cpu_before;
    std::printf("new incidents: %d at %.0f/s (target %d/s) for %.0f s, one guard, %d refused\n",
                events, events / elapsed, rate, elapsed, refused);
    std::printf("  POST->push ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
                bench::percentile(latency_ms, 0.5), bench::percentile(latency_ms, 0.9),
                bench::percentile(latency_ms, 0.99), bench::percentile(latency_ms, 1.0));
    std::printf("  daemon CPU %.1f us per new incident; RSS %.0f MiB\n", cpu * 1e6 / events,
                bench::process_rss_mib(daemon.pid(), "VmRSS:"));
    std::printf("RESULT new_incident_p99_ms=%.2f new_incident_cpu_us=%.1f\n",
                bench::percentile(latency_ms, 0.99), cpu * 1e6 / events);
    daemon.terminate();
    return 0;
}
