// The DC-09 storm: K panel connections in one building, each in a closed loop (send a Contact ID
// burglary frame, wait for its ACK, send the next), the zones spread over 1..Z so the storm folds
// into one growing incident. alarmd runs as its own process (release build) against a
// redis-server with AOF everysec, as in production. Prints ACK/s, ACK latency percentiles,
// daemon CPU per ACKed event, the daemon's RSS and Redis memory per stored event.
//
//   alarmd_bench_storm [connections=10] [seconds=10] [zones=999]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using namespace alarmd::test;
using steady = std::chrono::steady_clock;
namespace dc09 = protocols::sia_dc09;

namespace {

std::string storm_config(const redis_server& redis, int panels, int sia_port) {
    std::string y;
    y += "server: { http_listen: \"127.0.0.1:0\" }\n";
    y += "redis: { url: \"" + redis.url() + "\", key_prefix: \"s:\" }\n";
    y += "ingest:\n  sia: { tcp: \"127.0.0.1:" + std::to_string(sia_port) +
         "\", supervision: 1h }\n";
    y += "site:\n  buildings: [ { id: B1, name: \"1号楼\", floors: 30 } ]\n";
    y += "devices:\n";
    for (int p = 0; p < panels; ++p) {
        y += "  - { id: panel-" + std::to_string(p) + ", protocol: sia, account: \"" +
             std::to_string(1000 + p) + "\", building: B1 }\n";
    }
    y += "policies: { default: { stages: [ { name: alert, at: 0s, to: [guard], via: [ws] } ] } }\n";
    return y;
}

// A closed-loop panel: one frame, its answer, the next.
struct panel_loop {
    int fd = -1;
    std::string account;
    int first_zone = 1;
    int zone_step = 1;
    int zones = 999;
    std::vector<double> latencies_ms;
    std::uint64_t acks = 0;
    std::uint64_t other = 0;

    bool connect_to(int port) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        timeval limit{10, 0};  // no answer in 10 s: the run is broken, the figures say so
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        return ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }

    std::string frame(std::uint16_t seq, int zone) const {
        char event[32];
        std::snprintf(event, sizeof event, "1130 01 %03d", zone);
        dc09::frame f;
        f.header.id = "ADM-CID";
        f.header.sequence = seq;
        f.header.line = "0";
        f.header.account = account;
        f.body.data = "#" + account + "|" + event;
        f.body.timestamp = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        std::string out;
        (void)dc09::encode_plain(f, out);
        return out;
    }

    void run(steady::time_point until) {
        std::string in;
        char buf[512];
        std::uint16_t seq = 1;
        int zone = first_zone;
        while (steady::now() < until) {
            const auto bytes = frame(seq, zone);
            const auto sent = steady::now();
            if (::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(bytes.size())) {
                return;
            }
            for (;;) {
                const auto cr = in.find('\r');
                if (cr != std::string::npos) {
                    const bool ack = in.find("\"ACK\"") < cr;
                    in.erase(0, cr + 1);
                    latencies_ms.push_back(
                        std::chrono::duration<double, std::milli>(steady::now() - sent).count());
                    (ack ? acks : other)++;
                    break;
                }
                const auto n = ::recv(fd, buf, sizeof buf, 0);
                if (n <= 0) {
                    return;
                }
                in.append(buf, static_cast<std::size_t>(n));
            }
            seq = static_cast<std::uint16_t>(seq % 9999 + 1);
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
    daemon_process daemon(storm_config(redis, connections, sia_port));
    daemon.start();
    const auto redis_before = bench::redis_used_memory(redis.port());

    std::vector<panel_loop> loops(static_cast<std::size_t>(connections));
    for (int i = 0; i < connections; ++i) {
        auto& l = loops[static_cast<std::size_t>(i)];
        l.account = std::to_string(1000 + i);
        l.first_zone = i % zones + 1;
        l.zone_step = connections % zones == 0 ? 1 : connections;
        l.zones = zones;
        if (!l.connect_to(sia_port)) {
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
        all.insert(all.end(), l.latencies_ms.begin(), l.latencies_ms.end());
        acks += l.acks;
        other += l.other;
        ::close(l.fd);
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
