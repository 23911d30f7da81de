// The GB/T 26875.3 storm: K transmission devices of one building, each on its own connection in
// a closed loop (send a component state, wait for the confirm, send the next), every frame a
// change (components 1..Z of each device go to fire alarm, then back to normal, round after
// round), so every frame is one stored event of one growing fire incident. alarmd runs as its
// own process (release build) against a redis-server with AOF everysec. Prints confirms/s,
// confirm latency percentiles and daemon CPU per confirmed frame.
//
//   alarmd_bench_gb26875 [devices=10] [seconds=10] [components=200]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "tests/integration/ingest/gb26875_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using namespace alarmd::test;
using steady = std::chrono::steady_clock;

namespace {

std::string address_hex(std::uint64_t a) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%012llX", static_cast<unsigned long long>(a));
    return buf;
}

std::string devices_config(const redis_server& redis, int devices, int port) {
    std::string y;
    y += "server: { http_listen: \"127.0.0.1:0\" }\n";
    y += "redis: { url: \"" + redis.url() + "\", key_prefix: \"s:\" }\n";
    y += "ingest:\n  gb26875: { tcp: \"127.0.0.1:" + std::to_string(port) +
         "\", supervision: 1h }\n";
    y += "site:\n  buildings: [ { id: B1, name: \"1号楼\", floors: 30 } ]\n";
    y += "devices:\n";
    for (int d = 0; d < devices; ++d) {
        y += "  - { id: uitd-" + std::to_string(d) + ", protocol: gb26875, address: \"" +
             address_hex(0x1000 + static_cast<std::uint64_t>(d)) + "\", building: B1 }\n";
    }
    y += "policies: { default: { stages: [ { name: alert, at: 0s, to: [guard], via: [ws] } ] } }\n";
    return y;
}

struct device_loop {
    std::uint64_t address = 0;
    int components = 200;
    std::vector<double> latencies_ms;
    std::uint64_t confirms = 0;
    std::uint64_t other = 0;

    void run(int port, steady::time_point until) {
        gb26875::device d(port);
        std::uint16_t serial = 1;
        for (std::uint64_t k = 0; steady::now() < until; ++k) {
            const auto component = static_cast<std::uint32_t>(k % components);
            const std::uint16_t status = (k / components) % 2 == 0 ? 0x0003 : 0x0001;
            const auto bytes = gb26875::frame(
                serial++, gb26875::component_unit(1, 0x00010000u + component, status), address);
            const auto sent = steady::now();
            d.send(bytes);
            auto a = d.next(std::chrono::seconds(10));
            if (!a) {
                return;  // no answer in 10 s: the run is broken, the figures say so
            }
            latencies_ms.push_back(
                std::chrono::duration<double, std::milli>(steady::now() - sent).count());
            (a->control.cmd == protocols::gb26875::command::confirm ? confirms : other)++;
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    const int devices = argc > 1 ? std::atoi(argv[1]) : 10;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
    const int components = argc > 3 ? std::atoi(argv[3]) : 200;

    redis_server redis(/*aof=*/true);
    const int port = free_tcp_port();
    daemon_process daemon(devices_config(redis, devices, port));
    daemon.start();

    std::vector<device_loop> loops(static_cast<std::size_t>(devices));
    for (int i = 0; i < devices; ++i) {
        loops[static_cast<std::size_t>(i)].address = 0x1000 + static_cast<std::uint64_t>(i);
        loops[static_cast<std::size_t>(i)].components = components;
    }
    const auto cpu_before = bench::process_cpu_seconds(daemon.pid());
    const auto started = steady::now();
    const auto until = started + std::chrono::seconds(seconds);
    std::vector<std::thread> threads;
    for (auto& l : loops) {
        threads.emplace_back([&l, port, until] { l.run(port, until); });
    }
    for (auto& t : threads) {
        t.join();
    }
    const double elapsed = std::chrono::duration<double>(steady::now() - started).count();
    const auto cpu = bench::process_cpu_seconds(daemon.pid()) - cpu_before;

    std::vector<double> all;
    std::uint64_t confirms = 0;
    std::uint64_t other = 0;
    for (auto& l : loops) {
        all.insert(all.end(), l.latencies_ms.begin(), l.latencies_ms.end());
        confirms += l.confirms;
        other += l.other;
    }
    const auto stored = redis_query(redis.port(), {"XLEN", "s:events"}).integer;
    std::printf("gb26875 storm: %d devices of one building, %d components each alarming and "
                "restoring, %.1f s, Redis AOF everysec\n",
                devices, components, elapsed);
    std::printf("  confirmed %llu (other answers %llu), %.0f frames/s, %lld events stored\n",
                static_cast<unsigned long long>(confirms), static_cast<unsigned long long>(other),
                static_cast<double>(confirms) / elapsed, stored);
    std::printf("  confirm latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
                bench::percentile(all, 0.50), bench::percentile(all, 0.90),
                bench::percentile(all, 0.99), bench::percentile(all, 1.0));
    std::printf("  daemon CPU %.1f us per confirmed frame; RSS %.0f MiB (peak %.0f MiB)\n",
                confirms ? cpu * 1e6 / static_cast<double>(confirms) : 0.0,
                bench::process_rss_mib(daemon.pid(), "VmRSS:"),
                bench::process_rss_mib(daemon.pid(), "VmHWM:"));
    std::printf("RESULT gb_frames_per_s=%.0f gb_p99_ms=%.2f gb_cpu_us=%.1f\n",
                static_cast<double>(confirms) / elapsed, bench::percentile(all, 0.99),
                confirms ? cpu * 1e6 / static_cast<double>(confirms) : 0.0);
    daemon.terminate();
    return 0;
}
