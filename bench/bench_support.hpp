#pragma once
// What the benchmarks measure of the daemon from outside: its CPU time and memory from /proc,
// Redis's memory from INFO, and latency percentiles; and the loopback sockets of the floor
// benches' own receivers.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/redis_query.hpp"

namespace alarmd::bench {

inline double percentile(std::vector<double> v, double p) {
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    return v[std::min(v.size() - 1, i)];
}

// User + system CPU seconds the process has used (/proc/PID/stat fields 14 and 15).
inline double process_cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');  // the command name may hold spaces
    if (close == std::string::npos) {
        return 0;
    }
    std::istringstream fields(text.substr(close + 2));
    std::string f;
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    for (int i = 3; fields >> f; ++i) {
        if (i == 14) {
            utime = std::strtoull(f.c_str(), nullptr, 10);
        } else if (i == 15) {
            stime = std::strtoull(f.c_str(), nullptr, 10);
            break;
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// User + system CPU seconds this process has used (a bench's load, for the figures).
inline double own_cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
}

// A memory line of /proc/PID/status ("VmRSS:", "VmHWM:"), in MiB.
inline double process_rss_mib(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(field, 0) == 0) {
            return std::strtod(line.c_str() + field.size(), nullptr) / 1024.0;
        }
    }
    return 0;
}

inline long long redis_used_memory(int port) {
    const auto info = test::redis_query(port, {"INFO", "memory"}).str;
    const auto at = info.find("used_memory:");
    return at == std::string::npos ? 0 : std::atoll(info.c_str() + at + 12);
}

// A listening socket on 127.0.0.1 with a port of the kernel's choosing; -1 on failure.
inline int loopback_listener(int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(fd, 128) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        return -1;
    }
    port = ntohs(a.sin_port);
    return fd;
}

// A connected TCP socket to 127.0.0.1:port with Nagle off, as every peer here uses; -1 on
// failure.
inline int loopback_connect(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    if (fd < 0 || ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        return -1;
    }
    return fd;
}

// Forks a receiver of a floor bench: the child runs serve(listener), which never returns, on a
// fresh 127.0.0.1 listener; the parent gets the child's pid and the port (-1: no listener).
template <class Serve>
pid_t fork_receiver(int& port, Serve serve) {
    const int listener = loopback_listener(port);
    if (listener < 0) {
        return -1;
    }
    const pid_t child = ::fork();
    if (child == 0) {
        serve(listener);
    }
    ::close(listener);
    return child;
}

}  // namespace alarmd::bench
