#pragma once
// What the device simulators in tests/tools share: connecting (a name or an address, exit 3
// when it cannot), writing everything, and pacing a sender to a rate.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

namespace alarmd::tools {

// A socket of `socktype` (SOCK_STREAM, SOCK_DGRAM) connected to host:port; on failure a line
// "TOOL: ..." on stderr and exit status 3.
inline int connect_or_exit(const char* tool, const std::string& host, const std::string& port,
                           int socktype) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = socktype;
    addrinfo* res = nullptr;
    if (const int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
        std::cerr << tool << ": " << host << ": " << gai_strerror(rc) << "\n";
        std::exit(3);
    }
    int fd = -1;
    int error = 0;
    for (auto* ai = res; ai != nullptr; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) {
            error = errno;
            continue;
        }
        if (::connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            break;
        }
        error = errno;
        ::close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        std::cerr << tool << ": cannot connect to " << host << ":" << port << ": "
                  << std::strerror(error) << "\n";
        std::exit(3);
    }
    return fd;
}

// Writes all `n` bytes (retrying after signals); false when the connection broke.
inline bool send_all(int fd, const void* data, std::size_t n) {
    const auto* p = static_cast<const char*>(data);
    while (n > 0) {
        const auto w = ::send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) {
                continue;
            }
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return true;
}

// Paces a sender to `rate` frames a second (0: as fast as possible).
class pacer {
public:
    using steady = std::chrono::steady_clock;

    explicit pacer(double rate) : rate_(rate), start_(steady::now()) {}
    void wait(std::uint64_t sent) const {
        if (rate_ <= 0) {
            return;
        }
        const auto due =
            start_ + std::chrono::duration_cast<steady::duration>(
                         std::chrono::duration<double>(static_cast<double>(sent) / rate_));
        std::this_thread::sleep_until(due);
    }

private:
    double rate_;
    steady::time_point start_;
};

}  // namespace alarmd::tools
