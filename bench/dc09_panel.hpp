#pragma once
// A DC-09 panel for the benchmarks: one TCP connection in a closed loop (send a Contact ID frame,
// wait for its answer, send the next), recording each answer's latency.
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/bench_support.hpp"
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
        fd_ = loopback_connect(port);
        timeval limit{10, 0};  // no answer in 10 s: the run is broken, the figures say so
        return fd_ >= 0 && ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) == 0;
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

// count panels with accounts 1000, 1001, ..., each connected to port; empty when one could not
// connect.
inline std::vector<dc09_panel> connect_panels(int count, int port) {
    std::vector<dc09_panel> panels;
    panels.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        panels.emplace_back(std::to_string(1000 + i));
        if (!panels.back().connect_to(port)) {
            return {};
        }
    }
    return panels;
}

// The storm's events, as run_closed_loops' `next`: panel i of K sends burglary alarms for zones
// i+1, i+1+K, i+1+2K, ... (mod zones), so that together the panels alarm every zone in turn.
class burglary_sweep {
public:
    burglary_sweep(std::size_t panels, int zones)
        : zones_(zones),
          step_(static_cast<int>(panels) % zones == 0 ? 1 : static_cast<int>(panels)),
          zone_(panels) {
        for (std::size_t i = 0; i < panels; ++i) {
            zone_[i] = static_cast<int>(i) % zones + 1;
        }
    }

    void operator()(std::size_t i, std::string& event) {
        char text[32];
        std::snprintf(text, sizeof text, "1130 01 %03d", zone_[i]);
        event = text;
        zone_[i] = (zone_[i] - 1 + step_) % zones_ + 1;
    }

private:
    int zones_;
    int step_;
    std::vector<int> zone_;
};

// What the panels measured, together.
struct panel_totals {
    std::vector<double> latencies_ms;
    std::uint64_t acks = 0;
    std::uint64_t other = 0;
};

inline panel_totals totals(const std::vector<dc09_panel>& panels) {
    panel_totals t;
    for (const auto& p : panels) {
        t.latencies_ms.insert(t.latencies_ms.end(), p.latencies_ms.begin(), p.latencies_ms.end());
        t.acks += p.acks;
        t.other += p.other;
    }
    return t;
}

}  // namespace alarmd::bench
