// Ingest -> WebSocket push, measured as a guard sees it: events POSTed over HTTP at a fixed rate
// while 10 guard clients read; latency is from just before the POST is written to the moment
// each client has the matching incident message. Then the sustained HTTP ingest rate with
// several senders. Usage: alarmd_bench_ingest [rate=2000] [seconds=5] [clients=10] [senders=4]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "daemon/sys/log.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd::test;
using clock_type = std::chrono::steady_clock;

namespace {

const std::string body = R"({"device":"panel-b3","zone":"003","category":"fire","code":"E110"})";

double percentile(std::vector<double> v, double p) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    const int rate = argc > 1 ? std::atoi(argv[1]) : 2000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 5;
    const int clients = argc > 3 ? std::atoi(argv[3]) : 10;
    const int senders = argc > 4 ? std::atoi(argv[4]) : 4;
    const int events = rate * seconds;
    alarmd::sys::setup_logging("warn");

    redis_server redis;
    daemon_harness daemon(test_config_yaml(redis.url(), "websocket: { queue_limit: 100000 }\n"));

    // Part 1: latency at a fixed rate, one sender, `clients` guards.
    std::vector<clock_type::time_point> sent(static_cast<std::size_t>(events));
    std::vector<std::vector<double>> latency(static_cast<std::size_t>(clients));
    std::vector<std::unique_ptr<ws_client>> guards;
    for (int c = 0; c < clients; ++c) {
        guards.push_back(std::make_unique<ws_client>(daemon.port(), c % 2 ? "tok-g01" : "tok-g02"));
        if (!guards.back()->next_of("hello")) {
            std::fprintf(stderr, "no hello\n");
            return 1;
        }
    }
    std::atomic<int> sent_count{0};
    std::vector<std::thread> readers;
    for (int c = 0; c < clients; ++c) {
        readers.emplace_back([&, c] {
            auto& out = latency[static_cast<std::size_t>(c)];
            out.reserve(static_cast<std::size_t>(events));
            for (int k = 0; k < events; ++k) {
                auto m = guards[static_cast<std::size_t>(c)]->next(std::chrono::seconds(10));
                const auto now = clock_type::now();
                if (!m) {
                    std::fprintf(stderr, "client %d: message %d missing\n", c, k);
                    return;
                }
                while (sent_count.load(std::memory_order_acquire) <= k) {
                    std::this_thread::yield();  // the push can beat the sender's bookkeeping
                }
                out.push_back(std::chrono::duration<double, std::milli>(
                                  now - sent[static_cast<std::size_t>(k)])
                                  .count());
            }
        });
    }
    http_connection conn(daemon.port());
    const auto start = clock_type::now();
    const auto gap = std::chrono::nanoseconds(1000000000LL / rate);
    for (int k = 0; k < events; ++k) {
        std::this_thread::sleep_until(start + gap * k);
        sent[static_cast<std::size_t>(k)] = clock_type::now();
        sent_count.store(k + 1, std::memory_order_release);
        auto r = conn.call("POST", "/v1/events", body, "tok-gw");
        if (r.status != 202) {
            std::fprintf(stderr, "POST %d answered %d\n", k, r.status);
            return 1;
        }
    }
    const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
    for (auto& t : readers) {
        t.join();
    }
    std::vector<double> all;
    for (const auto& v : latency) {
        all.insert(all.end(), v.begin(), v.end());
    }
    std::printf("ingest->push: %d events at %.0f/s (target %d/s), %d clients, %zu deliveries\n",
                events, events / elapsed, rate, clients, all.size());
    std::printf("  latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", percentile(all, 0.5),
                percentile(all, 0.9), percentile(all, 0.99), percentile(all, 1.0));
    guards.clear();

    // Part 2: sustained ingest, `senders` keep-alive connections as fast as they are answered.
    std::atomic<long> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    const auto t0 = clock_type::now();
    for (int s = 0; s < senders; ++s) {
        threads.emplace_back([&] {
            http_connection c(daemon.port());
            while (!stop.load()) {
                if (c.call("POST", "/v1/events", body, "tok-gw").status == 202) {
                    ++done;
                }
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& t : threads) {
        t.join();
    }
    const double secs = std::chrono::duration<double>(clock_type::now() - t0).count();
    std::printf("sustained HTTP ingest (durable 202s): %.0f events/s with %d connections\n",
                static_cast<double>(done.load()) / secs, senders);
    return 0;
}
