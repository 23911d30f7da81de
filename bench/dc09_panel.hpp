#pragma once
// A DC-09 panel for the benchmarks: one TCP connection in a closed loop (send a Contact ID frame,
// wait for its answer, send the next), recording each answer's latency.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::bench {

// alarmd's config for `panels` DC-09 panels (accounts 1000, 1001, ...) in one building, every
// alarm to the guards at once.
inline std::string panels_config(const test::redis_server& redis, int panels, int sia_port) {
    std::string y;
    y += "server: { http_listen: \"127.0.0.1:0\" }\n";
    y += "redis: { url: \"" + redis.url() + "\", key_prefix: \"s:\" }\n";
    // Every panel connects from 127.0.0.1: past max_per_address (64 by default) the receiver
    // would close the rest.
    y += "ingest:\n  sia: { tcp: \"127.0.0.1:" + std::to_string(sia_port) +
         "\", supervision: 1h, max_per_address: " + std::to_string(std::max(panels, 64)) + " }\n";
    y += "site:\n  buildings: [ { id: B1, name: \"1号楼\", floors: 30 } ]\n";
    y += "devices:\n";
    for (int p = 0; p < panels; ++p) {
        y += "  - { id: panel-" + std::to_string(p) + ", protocol: sia, account: \"" +
             std::to_string(1000 + p) + "\", building: B1 }\n";
    }
    y += "policies: { default: { stages: [ { name: alert, at: 0s, to: [guard], via: [ws] } ] } }\n";
    return y;
}

class dc09_panel {
public:
    explicit dc09_panel(std::string account) : account_(std::move(account)) {}
    dc09_panel(const dc09_panel&) = delete;
    dc09_panel& operator=(const dc09_panel&) = delete;
    dc09_panel(dc09_panel&& o) noexcept
        : account_(std::move(o.account_)), fd_(std::exchange(o.fd_, -1)) {}
    ~dc09_panel() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    bool connect_to(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        timeval limit{10, 0};  // no answer in 10 s: the run is broken, the figures say so
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        return ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    }

    // Sends one Contact ID event ("1130 01 003") and waits for the answer; false when the
    // connection broke or went silent.
    bool exchange(const std::string& contact_id) {
        if (!send_event(contact_id)) {
            return false;
        }
        for (;;) {
            switch (read_answer(0)) {
                case answer::complete:
                    return true;
                case answer::pending:
                    continue;
                case answer::broken:
                    return false;
            }
        }
    }

    // The two halves of exchange(), for a driver that waits on many panels at once.
    bool send_event(std::string_view contact_id) {
        frame(contact_id);
        sent_ = std::chrono::steady_clock::now();
        return ::send(fd_, out_.data(), out_.size(), MSG_NOSIGNAL) ==
               static_cast<ssize_t>(out_.size());
    }

    enum class answer { pending, complete, broken };
    // Reads what there is (flags: MSG_DONTWAIT for a driver told the socket is readable) and
    // says whether the answer to the last event is complete.
    answer read_answer(int flags) {
        if (take_answer()) {
            return answer::complete;
        }
        char buf[512];
        const auto n = ::recv(fd_, buf, sizeof buf, flags);
        if (n < 0 && (flags & MSG_DONTWAIT) != 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return answer::pending;
        }
        if (n <= 0) {
            return answer::broken;
        }
        in_.append(buf, static_cast<std::size_t>(n));
        return take_answer() ? answer::complete : answer::pending;
    }

    [[nodiscard]] int fd() const { return fd_; }

    std::vector<double> latencies_ms;
    std::uint64_t acks = 0;
    std::uint64_t other = 0;

private:
    bool take_answer() {
        const auto cr = in_.find('\r');
        if (cr == std::string::npos) {
            return false;
        }
        const bool ack = in_.find("\"ACK\"") < cr;
        in_.erase(0, cr + 1);
        latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent_)
                .count());
        (ack ? acks : other)++;
        seq_ = static_cast<std::uint16_t>(seq_ % 9999 + 1);
        return true;
    }

    void frame(std::string_view contact_id) {
        namespace dc09 = protocols::sia_dc09;
        dc09::frame f;
        f.header.id = "ADM-CID";
        f.header.sequence = seq_;
        f.header.line = "0";
        f.header.account = account_;
        f.body.data = "#" + account_ + "|";
        f.body.data += contact_id;
        f.body.timestamp =
            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        out_.clear();
        (void)dc09::encode_plain(f, out_);
    }

    std::string account_;
    int fd_ = -1;
    std::uint16_t seq_ = 1;
    std::string in_;
    std::string out_;
    std::chrono::steady_clock::time_point sent_;
};

}  // namespace alarmd::bench
