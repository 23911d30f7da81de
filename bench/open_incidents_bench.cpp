// Many open incidents at once: how long a guard console waits for `hello`, and how long a
// kill -9'd daemon takes from its start to answering /readyz (listening, Redis state read) and
// to holding every open incident again. alarmd runs as its own process against a redis-server
// with AOF everysec.
//
//   alarmd_bench_open [open=100000]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include <boost/json.hpp>

#include "bench/bench_support.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using namespace alarmd::test;
using steady = std::chrono::steady_clock;

namespace {

double ms_since(steady::time_point t) {
    return std::chrono::duration<double, std::milli>(steady::now() - t).count();
}

// Time to `hello` for a new console.
double hello_ms(int port) {
    const auto t0 = steady::now();
    ws_client g(port, "tok-g01");
    if (!g.next_of("hello", std::chrono::seconds(60))) {
        return -1;
    }
    return ms_since(t0);
}

long long open_gauge(int port) {
    const auto body = http_call(port, "GET", "/metrics").body;
    const auto at = body.find("\nalarmd_incidents_open ");
    return at == std::string::npos ? -1 : std::atoll(body.c_str() + at + 23);
}

}  // namespace

int main(int argc, char** argv) {
    const long open = argc > 1 ? std::atol(argv[1]) : 100000;

    redis_server redis(/*aof=*/true);
    daemon_process daemon(test_config_yaml(
        redis.url(),
        "correlation: { dedupe_window: 0s, group_window: 0s }\n"));
    daemon.start();
    {
        std::vector<std::thread> senders;
        for (int s = 0; s < 4; ++s) {
            senders.emplace_back([&, s] {
                http_connection conn(daemon.port());
                for (long k = s; k < open; k += 4) {
                    conn.call("POST", "/v1/events",
                              R"({"device":"panel-b3","category":"fire","zone":"003","code":"E)" +
                                  std::to_string(k) + "\"}",
                              "tok-gw");
                }
            });
        }
        for (auto& t : senders) {
            t.join();
        }
    }
    const auto in_redis = redis_query(redis.port(), {"ZCARD", "t:incidents:open"}).integer;
    const double hello_live = hello_ms(daemon.port());

    daemon.kill9();
    const auto t0 = steady::now();
    daemon.start();  // returns once /healthz answers
    double ready = -1;
    while (ready < 0 && ms_since(t0) < 120000) {
        if (http_call(daemon.port(), "GET", "/readyz").status == 200) {
            ready = ms_since(t0);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    double all_loaded = -1;
    while (all_loaded < 0 && ms_since(t0) < 120000) {
        if (open_gauge(daemon.port()) >= in_redis) {
            all_loaded = ms_since(t0);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }
    const double hello_after = hello_ms(daemon.port());
    std::printf("open incidents: %lld in Redis\n", in_redis);
    std::printf("  hello with all open: %.1f ms (live), %.1f ms (after restart)\n", hello_live,
                hello_after);
    std::printf("  kill -9 then start: ready (/readyz 200) after %.0f ms, all open incidents "
                "held after %.0f ms; RSS %.0f MiB\n",
                ready, all_loaded, bench::process_rss_mib(daemon.pid(), "VmRSS:"));
    std::printf("RESULT hello_ms=%.1f restart_ready_ms=%.0f restart_loaded_ms=%.0f\n",
                std::max(hello_live, hello_after), ready, all_loaded);
    daemon.terminate();
    return 0;
}
