#pragma once
// Shared by the SIA receiver tests: a daemon with ingest.sia listening on free ports, a test
// config with plain and keyed panels, frames built with the codec's encoder, and blocking
// panel-side sockets with deadlines (a missing answer fails the test instead of hanging it).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "daemon/sys/token_book.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "tests/integration/ingest/inprocess_daemon.hpp"

namespace alarmd::test::sia {

namespace dc09 = protocols::sia_dc09;
using namespace std::chrono_literals;

// panel-enc's AES-128 key.
inline constexpr const char* key_hex = "000102030405060708090A0B0C0D0E0F";

inline std::vector<std::uint8_t> key_bytes() {
    std::vector<std::uint8_t> k;
    for (int i = 0; i < 16; ++i) {
        k.push_back(static_cast<std::uint8_t>(i));
    }
    return k;
}

// Devices: panel-b3 (account 1234, plain, B3, zones 003/004/005), panel-enc (account ABCDEF,
// keyed, B1, zone 001), perimeter-b2 (account 5678, allowed from 127.0.0.1 only, B2, zones 1
// and 2), panel-far (account 4321, allowed from 10.9.9.9 only), and with `supervised` a
// panel-sup (account 7777, B1) whose supervision the test shortens (see daemon below), and
// three plain panels for the public vectors' accounts (7099, 7878, 080027E62A64).
// ingest.sia.supervision is an hour, so the other panels never fault during a test.
inline std::string yaml(const std::string& redis_url, bool supervised = false) {
    auto tok = [](const std::string& id) { return sys::sha256_hex("tok-" + id); };
    std::string y;
    y += "server: { http_listen: \"127.0.0.1:0\" }\n";
    y += "redis: { url: \"" + redis_url +
         "\", key_prefix: \"t:\", connect_timeout: 2s, ping_interval: 200ms,"
         " reconnect_min: 50ms, reconnect_max: 200ms }\n";
    y += "ingest:\n"
         "  sia: { tcp: \"127.0.0.1:0\", udp: \"127.0.0.1:0\", supervision: 1h }\n"
         "  http_sources: [ { name: gw, token_sha256: \"" +
         tok("gw") + "\" } ]\n";
    y += "site:\n  buildings: [ { id: B1, name: \"1号楼\" }, { id: B2, name: \"2号楼\" },"
         " { id: B3, name: \"3号楼\" } ]\n";
    y += "devices:\n"
         "  - { id: panel-b3, protocol: sia, account: \"1234\", building: B3,\n"
         "      zones: { \"003\": { floor: 3, label: \"3F 电梯厅烟感\", cameras: [cam-b3-3f] },\n"
         "               \"004\": { floor: 4, label: \"4F 手报\" }, \"005\": { floor: 5 } } }\n"
         "  - { id: panel-enc, protocol: sia, account: \"ABCDEF\", key: \"" +
         std::string(key_hex) +
         "\", building: B1,\n"
         "      zones: { \"001\": { floor: 1, label: \"1F 大堂烟感\" } } }\n"
         "  - { id: perimeter-b2, protocol: sia, account: \"5678\", building: B2,\n"
         "      allowed_sources: [\"127.0.0.1\"],\n"
         "      zones: { \"1\": { label: \"东墙 1\" }, \"2\": { label: \"东墙 2\" } } }\n"
         "  - { id: panel-far, protocol: sia, account: \"4321\", building: B1,\n"
         "      allowed_sources: [\"10.9.9.9\"] }\n"
         // Accounts of public test vectors (tests/vectors/sia-dc09) answered byte for byte.
         "  - { id: vector-7099, protocol: sia, account: \"7099\", building: B1 }\n"
         "  - { id: vector-7878, protocol: sia, account: \"7878\", building: B1 }\n"
         "  - { id: vector-080027, protocol: sia, account: \"080027E62A64\", building: B1 }\n";
    if (supervised) {
        y += "  - { id: panel-sup, protocol: sia, account: \"7777\", building: B1, label: "
             "\"1号楼主机\","
             " supervision: 5s }\n";
    }
    y += "people:\n  - { id: g01, name: \"g01\", role: guard, phone: \"+8613800000000\","
         " token_sha256: \"" +
         tok("g01") + "\" }\n";
    y += "policies: { default: { stages: [ { name: alert, at: 1h, to: [team_lead], via: [ws] } ] } "
         "}\n";
    return y;
}

// The daemon in-process (inprocess_daemon.hpp).
using daemon = inprocess_daemon;

struct frame_spec {
    std::string token = "ADM-CID";
    std::uint16_t seq = 1;
    std::string account = "1234";
    std::string data;
    // Timestamp = now + this; nullopt: none (plain frames only).
    std::optional<std::chrono::seconds> time_offset = 0s;
    std::vector<std::uint8_t> key;  // non-empty: encrypted
};

inline std::string make_frame(const frame_spec& s) {
    dc09::frame f;
    f.header.id = s.token;
    f.header.sequence = s.seq;
    f.header.line = "0";
    f.header.account = s.account;
    f.body.data = s.data;
    if (s.time_offset) {
        f.body.timestamp =
            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
            *s.time_offset;
    }
    std::string out;
    auto r = s.key.empty() ? dc09::encode_plain(f, out)
                           : dc09::encode_encrypted(
                                 f, s.key,
                                 [](std::span<std::uint8_t> pad) {
                                     for (auto& b : pad) {
                                         b = 'p';
                                     }
                                 },
                                 out);
    if (!r) {
        throw std::runtime_error("cannot encode test frame: " + r.error().message());
    }
    return out;
}

// A Contact ID frame for account 1234 (plain), e.g. cid(7, "1110 01 003").
inline std::string cid(std::uint16_t seq, const std::string& event,
                       const std::string& account = "1234") {
    return make_frame({"ADM-CID", seq, account, "#" + account + "|" + event, 0s, {}});
}

struct answer {
    std::string bytes;
    std::optional<dc09::frame_header> header;
    std::optional<dc09::frame_body> body;
    bool decrypted = false;

    [[nodiscard]] std::string kind() const { return header ? header->id : "?"; }
};

inline answer read_answer(std::string bytes, const std::vector<std::uint8_t>& key = {}) {
    answer a;
    a.bytes = std::move(bytes);
    auto keys = [&key](std::string_view) -> std::optional<std::vector<std::uint8_t>> {
        if (key.empty()) {
            return std::nullopt;
        }
        return key;
    };
    const auto d = dc09::parse_datagram(a.bytes, keys);
    if (d) {
        a.header = d->header;
        a.body = d->body;
        a.decrypted = d->header.encrypted;
    } else {
        const dc09::rejection r = d.error();
        a.header = r.header;
        a.body = r.body;
    }
    return a;
}

// A panel's TCP connection to the receiver.
class tcp_panel {
public:
    // `from`: the loopback address to connect from (127.0.0.0/8 is all loopback on Linux), so a
    // test can be two different peers.
    explicit tcp_panel(int port, const char* from = nullptr) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ >= 0 && from != nullptr) {
            sockaddr_in local{};
            local.sin_family = AF_INET;
            ::inet_pton(AF_INET, from, &local.sin_addr);
            if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
                throw std::runtime_error("cannot bind to the source address");
            }
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error("cannot connect to the SIA port");
        }
    }
    ~tcp_panel() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    tcp_panel(const tcp_panel&) = delete;
    tcp_panel& operator=(const tcp_panel&) = delete;

    void send(const std::string& bytes) {
        std::size_t off = 0;
        while (off < bytes.size()) {
            const auto n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
            if (n <= 0) {
                throw std::runtime_error("send failed");
            }
            off += static_cast<std::size_t>(n);
        }
    }

    // Ends the panel's sending side (TCP half-close); answers can still come.
    void shutdown_send() { ::shutdown(fd_, SHUT_WR); }

    // The next LF ... CR answer, or nullopt when none came within `timeout`.
    std::optional<std::string> next(std::chrono::milliseconds timeout = 30s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto lf = in_.find('\n');
            if (lf != std::string::npos) {
                const auto cr = in_.find('\r', lf);
                if (cr != std::string::npos) {
                    auto frame = in_.substr(lf, cr - lf + 1);
                    in_.erase(0, cr + 1);
                    return frame;
                }
            }
            if (!fill(deadline)) {
                return std::nullopt;
            }
        }
    }

    // True when the receiver closed the connection within `timeout` (bytes sent meanwhile are
    // collected, not a failure).
    bool closed_within(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd p{fd_, POLLIN, 0};
            const int r = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
            if (r <= 0) {
                continue;
            }
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                return true;
            }
            in_.append(buf, static_cast<std::size_t>(n));
        }
        return false;
    }

private:
    bool fill(std::chrono::steady_clock::time_point deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return false;
        }
        char buf[4096];
        const auto n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) {
            return false;
        }
        in_.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    std::string in_;
};

// One datagram to the receiver and its answer datagram (nullopt: none within `timeout`).
inline std::optional<std::string> udp_exchange(int port, const std::string& datagram,
                                               std::chrono::milliseconds timeout = 5s) {
    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::optional<std::string> out;
    if (::sendto(fd, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&addr),
                 sizeof addr) == static_cast<ssize_t>(datagram.size())) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) > 0) {
            char buf[65536];
            const auto n = ::recv(fd, buf, sizeof buf, 0);
            if (n > 0) {
                out = std::string(buf, static_cast<std::size_t>(n));
            }
        }
    }
    ::close(fd);
    return out;
}

}  // namespace alarmd::test::sia
