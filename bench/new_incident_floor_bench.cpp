// The floor of a new incident on this machine: the system calls alarmd makes for one, and
// nothing else. A receiver of a few lines (one epoll thread in its own process) takes each
// request and does what alarmd does with its bytes, in alarmd's order and sizes (taken from
// strace of alarmd_bench_new_incidents): push 1,138 bytes to a guard's socket, append a 140-byte
// log line to a file, write a 3,579-byte MULTI/EXEC to a redis-server with AOF everysec, and
// when Redis has answered, answer the request with 223 bytes. It parses, decides and stores
// nothing of its own. Its CPU per request is the least any daemon that answers a new incident
// this way could spend here; alarmd_bench_new_incidents' figure is read against it.
//
//   alarmd_bench_new_incident_floor [rate=1000] [seconds=10]
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "bench/bench_support.hpp"
#include "tests/support/redis_server.hpp"

using namespace alarmd;
using steady = std::chrono::steady_clock;

namespace {

// alarmd's bytes for one new incident in alarmd_bench_new_incidents.
constexpr std::size_t request_bytes = 194;  // POST /v1/events with its JSON body
constexpr std::size_t push_bytes = 1138;    // the incident.opened WebSocket frame
constexpr std::size_t log_bytes = 140;      // the incident_opened log line
constexpr std::size_t store_bytes = 3579;   // the MULTI ... EXEC of the incident's writes
constexpr std::size_t answer_bytes = 223;   // HTTP/1.1 202 with its JSON body

// MULTI, one SET carrying the rest of store_bytes, EXEC: Redis answers +OK +QUEUED *1 +OK.
std::string store_command() {
    const std::string head = "*1\r\n$5\r\nMULTI\r\n";
    const std::string tail = "*1\r\n$4\r\nEXEC\r\n";
    const std::string set_head = "*3\r\n$3\r\nSET\r\n$5\r\nfloor\r\n$";
    std::size_t value = store_bytes - head.size() - tail.size() - set_head.size() - 4 - 2;
    value -= std::to_string(value).size();
    return head + set_head + std::to_string(value) + "\r\n" + std::string(value, 'v') + "\r\n" +
           tail;
}
constexpr std::size_t store_reply_bytes = 23;  // "+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n"

// The receiver: the guard connects first, then the client; each readable request costs the
// system calls above.
[[noreturn]] void serve(int listener, int redis_port, const std::string& log_path) {
    const int guard = ::accept(listener, nullptr, nullptr);
    const int client = ::accept(listener, nullptr, nullptr);
    const int redis = bench::loopback_connect(redis_port);
    const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (guard < 0 || client < 0 || redis < 0 || log < 0) {
        std::perror("floor receiver");
        std::_Exit(1);
    }
    int one = 1;
    ::setsockopt(guard, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int ep = ::epoll_create1(0);
    for (const int fd : {client, redis}) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    const std::string push(push_bytes, 'p');
    const std::string line = std::string(log_bytes - 1, 'l') + "\n";
    const std::string store = store_command();
    const std::string answer(answer_bytes, 'a');
    char buf[16384];
    std::size_t reply_due = 0;  // bytes of Redis's answers still to come
    epoll_event ready[4];
    for (;;) {
        const int n = ::epoll_wait(ep, ready, 4, -1);
        for (int i = 0; i < n; ++i) {
            const int fd = ready[i].data.fd;
            const auto got = ::recv(fd, buf, sizeof buf, 0);
            if (got <= 0) {
                std::_Exit(0);
            }
            if (fd == client) {
                (void)::send(guard, push.data(), push.size(), MSG_NOSIGNAL);
                (void)::write(log, line.data(), line.size());
                (void)::send(redis, store.data(), store.size(), MSG_NOSIGNAL);
                reply_due += store_reply_bytes;
            } else {
                const auto part = std::min(reply_due, static_cast<std::size_t>(got));
                reply_due -= part;
                if (part > 0 && reply_due == 0) {
                    (void)::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
                }
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    const int rate = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 10;
    const int requests = rate * seconds;

    test::redis_server redis(/*aof=*/true);
    char dir[] = "/tmp/alarmd-floor-XXXXXX";
    if (::mkdtemp(dir) == nullptr) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string log_path = std::string(dir) + "/floor.log";
    int port = 0;
    const pid_t receiver = bench::fork_receiver(
        port, [&](int listener) { serve(listener, redis.port(), log_path); });
    if (receiver < 0) {
        std::perror("listen");
        return 1;
    }

    const int guard = bench::loopback_connect(port);
    const int client = bench::loopback_connect(port);
    if (guard < 0 || client < 0) {
        std::fprintf(stderr, "cannot connect to the floor receiver\n");
        ::kill(receiver, SIGKILL);
        return 1;
    }
    std::thread reader([guard] {
        char buf[65536];
        while (::recv(guard, buf, sizeof buf, 0) > 0) {
        }
    });

    const std::string request(request_bytes, 'r');
    const auto cpu_before = bench::process_cpu_seconds(receiver);
    const auto start = steady::now();
    const auto gap = std::chrono::nanoseconds(1000000000LL / rate);
    int answered = 0;
    char buf[4096];
    for (int k = 0; k < requests; ++k) {
        std::this_thread::sleep_until(start + gap * k);
        if (::send(client, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
            break;
        }
        std::size_t got = 0;
        while (got < answer_bytes) {
            const auto r = ::recv(client, buf, sizeof buf, 0);
            if (r <= 0) {
                break;
            }
            got += static_cast<std::size_t>(r);
        }
        if (got < answer_bytes) {
            break;
        }
        ++answered;
    }
    const double elapsed = std::chrono::duration<double>(steady::now() - start).count();
    const double cpu = bench::process_cpu_seconds(receiver) - cpu_before;
    ::kill(receiver, SIGKILL);
    ::waitpid(receiver, nullptr, 0);
    ::shutdown(guard, SHUT_RDWR);
    reader.join();
    ::close(guard);
    ::close(client);
    ::unlink(log_path.c_str());
    ::rmdir(dir);
    if (answered < requests) {
        std::fprintf(stderr, "the floor receiver answered %d of %d: the figures are short\n",
                     answered, requests);
    }
    const double per = answered ? cpu * 1e6 / answered : 0.0;
    std::printf("new-incident floor: %d requests at %.0f/s, a receiver that only makes alarmd's "
                "system calls for each (guard push, log line, Redis MULTI/EXEC, answer)\n",
                answered, answered / elapsed);
    std::printf("  receiver CPU %.1f us per request\n", per);
    std::printf("RESULT new_floor_cpu_us=%.1f\n", per);
    return 0;
}
