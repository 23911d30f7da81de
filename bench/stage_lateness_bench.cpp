// Escalation stage lateness with many pending stages: opens incidents until N stages are
// pending (4 per incident), all due after the posting is done and spread over one second, lets
// them fire live, and reports fired_at - due_at from the stage records in Redis. alarmd runs as
// its own process against a redis-server with AOF everysec.
// Usage: alarmd_bench_stages [stages=100000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>

#include <boost/json.hpp>

#include "daemon/core/event.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd::test;
namespace json = boost::json;

int main(int argc, char** argv) {
    const std::size_t stages = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    // Due once the posting is surely done: 8 s, and a second more per 4,000 stages.
    const long first_ms = 8000 + static_cast<long>(stages / 4);
    auto at = [first_ms](long plus) { return std::to_string(first_ms + plus) + "ms"; };
    redis_server redis(/*aof=*/true);
    daemon_process daemon(test_config_yaml(
        redis.url(),
        "correlation: { dedupe_window: 0s, group_window: 0s }\n"
        "sms: { gateways: [ { name: demo, type: log } ] }\n",
        "policies:\n  default:\n    stages:\n"
        "      - { name: s1, at: " + at(0) + ", to: [manager], via: [sms] }\n"
        "      - { name: s2, at: " + at(250) + ", to: [manager], via: [sms] }\n"
        "      - { name: s3, at: " + at(500) + ", to: [manager], via: [sms] }\n"
        "      - { name: s4, at: " + at(750) + ", to: [manager], via: [sms] }\n"));
    daemon.start();
    std::set<std::string> ids;
    http_connection conn(daemon.port());
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; ids.size() * 4 < stages; ++i) {
        auto r = conn.call("POST", "/v1/events",
                           R"({"device":"panel-b3","category":"fire","zone":"003","code":"E)" +
                               std::to_string(i) + "\"}",
                           "tok-gw");
        ids.insert(std::string(r.json().as_object().at("incident_id").as_string()));
    }
    const double post_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%zu stages pending after %.2f s of posting\n", ids.size() * 4, post_s);
    while (redis_query(redis.port(), {"ZCARD", "t:stages"}).integer > 0 ||
           redis_query(redis.port(), {"HLEN", "t:stages:claimed"}).integer > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    std::vector<double> late_ms;
    for (const auto& id : ids) {
        auto rec = redis_query(redis.port(), {"HGETALL", "t:incident:" + id + ":stages"});
        for (std::size_t k = 1; k < rec.elements.size(); k += 2) {
            auto o = json::parse(rec.elements[k]).as_object();
            auto due = alarmd::core::parse_time(o.at("due_at").as_string());
            auto fired = alarmd::core::parse_time(o.at("fired_at").as_string());
            late_ms.push_back(std::chrono::duration<double, std::milli>(*fired - *due).count());
        }
    }
    std::sort(late_ms.begin(), late_ms.end());
    auto pct = [&](double p) {
        return late_ms[std::min(late_ms.size() - 1, static_cast<std::size_t>(p * late_ms.size()))];
    };
    std::printf("stage lateness over %zu stages (ms, record resolution 1 ms): p50 %.0f  p90 %.0f  "
                "p99 %.0f  max %.0f\n",
                late_ms.size(), pct(0.5), pct(0.9), pct(0.99), late_ms.back());
    std::printf("RESULT stage_lateness_p99_ms=%.0f\n", pct(0.99));
    daemon.terminate();
    return 0;
}
