// Escalation stage lateness with many pending stages: opens fire incidents until N stages are
// pending (4 per incident, an hour away), then opens door incidents at a steady rate whose one
// stage is due 5 s later: those fire live while the N wait, and fired_at - due_at is read from
// their stage records in Redis. alarmd runs as its own process against a redis-server with AOF
// everysec.
// Usage: alarmd_bench_stages [pending=100000] [probes=4000] [probes_per_s=400]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>

#include <boost/json.hpp>

#include "bench/bench_support.hpp"
#include "daemon/core/event.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using namespace alarmd::test;
namespace json = boost::json;
using steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const std::size_t pending = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    const int probes = argc > 2 ? std::atoi(argv[2]) : 4000;
    const int rate = argc > 3 ? std::atoi(argv[3]) : 400;
    redis_server redis(/*aof=*/true);
    daemon_process daemon(test_config_yaml(
        redis.url(),
        "correlation: { dedupe_window: 0s, group_window: 0s }\n"
        "sms: { gateways: [ { name: demo, type: log } ], per_recipient_per_minute: 0 }\n",
        "policies:\n"
        "  default:\n    stages:\n"
        "      - { name: s1, at: 1h, to: [manager], via: [sms] }\n"
        "      - { name: s2, at: 61m, to: [manager], via: [sms] }\n"
        "      - { name: s3, at: 62m, to: [manager], via: [sms] }\n"
        "      - { name: s4, at: 63m, to: [manager], via: [sms] }\n"
        "  door:\n    stages:\n"
        "      - { name: probe, at: 5s, to: [manager], via: [sms] }\n"));
    daemon.start();
    {
        http_connection conn(daemon.port());
        for (std::size_t i = 0; i * 4 < pending; ++i) {
            conn.call("POST", "/v1/events",
                      R"({"device":"panel-b3","category":"fire","zone":"003","code":"E)" +
                          std::to_string(i) + "\"}",
                      "tok-gw");
        }
    }
    std::printf("%lld stages pending\n",
                redis_query(redis.port(), {"ZCARD", "t:stages"}).integer);

    std::set<std::string> ids;
    http_connection conn(daemon.port());
    const auto start = steady::now();
    for (int k = 0; k < probes; ++k) {
        std::this_thread::sleep_until(start + std::chrono::microseconds(1000000LL * k / rate));
        auto r = conn.call("POST", "/v1/events",
                           R"({"device":"panel-b3","category":"door","zone":"004","code":"D)" +
                               std::to_string(k) + "\"}",
                           "tok-gw");
        ids.insert(std::string(r.json().as_object().at("incident_id").as_string()));
    }
    std::vector<double> late_ms;
    for (const auto& id : ids) {
        for (int i = 0; i < 600; ++i) {
            auto rec = redis_query(redis.port(), {"HGET", "t:incident:" + id + ":stages", "probe"});
            if (!rec.nil && redis_query(redis.port(), {"HEXISTS", "t:stages:claimed", id + "|probe"})
                                    .integer == 0) {
                auto o = json::parse(rec.str).as_object();
                auto due = core::parse_time(o.at("due_at").as_string());
                auto fired = core::parse_time(o.at("fired_at").as_string());
                late_ms.push_back(std::chrono::duration<double, std::milli>(*fired - *due).count());
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    std::printf("stage lateness of %zu stages firing at %d/s while %zu wait (ms, record "
                "resolution 1 ms): p50 %.0f  p90 %.0f  p99 %.0f  max %.0f\n",
                late_ms.size(), rate, pending, bench::percentile(late_ms, 0.5),
                bench::percentile(late_ms, 0.9), bench::percentile(late_ms, 0.99),
                bench::percentile(late_ms, 1.0));
    std::printf("RESULT stage_lateness_p99_ms=%.0f\n", bench::percentile(late_ms, 0.99));
    daemon.terminate();
    return 0;
}
