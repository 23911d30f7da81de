// The floor of the DC-09 storm on this machine: the same closed-loop panels as
// alarmd_bench_storm, against a receiver that does the least a receiver can (one epoll thread in
// its own process: read, decode with the same sans-I/O decoder, ACK) and stores nothing, with no
// Redis. What it reaches is the most any receiver that answers each frame could reach here with
// this load generator on the same cores; alarmd's figure is read against it.
//
//   alarmd_bench_dc09_floor [connections=10] [seconds=10]
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "bench/bench_support.hpp"
#include "bench/dc09_closed_loops.hpp"
#include "bench/dc09_panel.hpp"
#include "protocols/sia_dc09/decoder.hpp"
#include "protocols/sia_dc09/encoder.hpp"

using namespace alarmd;
using steady = std::chrono::steady_clock;
namespace dc09 = protocols::sia_dc09;

namespace {

// The receiver: accepts, reads what is there, answers every frame with its ACK in one send.
[[noreturn]] void serve(int listener) {
    const int ep = ::epoll_create1(0);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = listener;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    std::unordered_map<int, std::unique_ptr<dc09::decoder>> decoders;
    std::vector<epoll_event> ready(64);
    char buf[4096];
    std::string out;
    for (;;) {
        const int n = ::epoll_wait(ep, ready.data(), static_cast<int>(ready.size()), -1);
        for (int i = 0; i < n; ++i) {
            const int fd = ready[static_cast<std::size_t>(i)].data.fd;
            if (fd == listener) {
                const int c = ::accept(listener, nullptr, nullptr);
                if (c < 0) {
                    continue;
                }
                int one = 1;
                ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                epoll_event cev{};
                cev.events = EPOLLIN;
                cev.data.fd = c;
                ::epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
                decoders[c] = std::make_unique<dc09::decoder>();
                continue;
            }
            const auto got = ::recv(fd, buf, sizeof buf, 0);
            if (got <= 0) {
                ::close(fd);
                decoders.erase(fd);
                continue;
            }
            auto& dec = *decoders[fd];
            out.clear();
            std::string_view in(buf, static_cast<std::size_t>(got));
            while (!in.empty()) {
                in.remove_prefix(dec.feed(in));
                while (auto d = dec.next()) {
                    if (d->has_value()) {
                        (void)dc09::encode_ack(d->value().header, out);
                    }
                }
            }
            if (!out.empty()) {
                (void)::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    const int connections = argc > 1 ? std::atoi(argv[1]) : 10;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;

    int port = 0;
    const pid_t receiver = bench::fork_receiver(port, serve);
    if (receiver < 0) {
        std::perror("listen");
        return 1;
    }

    auto panels = bench::connect_panels(connections, port);
    if (panels.empty()) {
        std::fprintf(stderr, "cannot connect to the receiver\n");
        ::kill(receiver, SIGKILL);
        return 1;
    }
    const auto cpu_before = bench::process_cpu_seconds(receiver);
    const auto started = steady::now();
    if (!bench::run_closed_loops(panels, bench::burglary_sweep(panels.size(), 999),
                                 started + std::chrono::seconds(seconds))) {
        std::fprintf(stderr, "a panel connection broke or went silent: the figures are short\n");
    }
    const double elapsed = std::chrono::duration<double>(steady::now() - started).count();
    const double cpu = bench::process_cpu_seconds(receiver) - cpu_before;
    ::kill(receiver, SIGKILL);
    ::waitpid(receiver, nullptr, 0);

    const auto measured = bench::totals(panels);
    const auto& all = measured.latencies_ms;
    const auto acks = measured.acks;
    const double rate = static_cast<double>(acks) / elapsed;
    std::printf("dc09 floor: %d closed-loop connections, a receiver that decodes and ACKs and "
                "stores nothing, %.1f s\n",
                connections, elapsed);
    std::printf("  %.0f ACK/s, p99 ACK %.2f ms, receiver CPU %.1f us per ACK\n", rate,
                bench::percentile(all, 0.99), acks ? cpu * 1e6 / static_cast<double>(acks) : 0.0);
    std::printf("RESULT floor_acks_per_s=%.0f floor_p99_ms=%.2f floor_cpu_us=%.1f\n", rate,
                bench::percentile(all, 0.99), acks ? cpu * 1e6 / static_cast<double>(acks) : 0.0);
    return 0;
}
