#pragma once
// Shared by the GB/T 26875.3 receiver tests: a config with transmission devices, frames built
// with the codec's encoder, and a device-side TCP connection that reads the centre's answers
// with the codec's stream decoder, with deadlines (a missing answer fails, never hangs).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/sys/token_book.hpp"
#include "protocols/gb26875/decoder.hpp"
#include "protocols/gb26875/encoder.hpp"
#include "protocols/gb26875/frame.hpp"

namespace alarmd::test::gb26875 {

namespace gb = protocols::gb26875;
using namespace std::chrono_literals;

inline constexpr std::uint64_t uitd_b1 = 0xAB;         // "0000000000AB", building B1
inline constexpr std::uint64_t uitd_sup = 0x01020304;  // "000001020304", supervised by the tests
inline constexpr std::uint64_t centre = 0;

// Devices: uitd-b1 (B1, point 1/0x00020003 "2F 走廊烟感" on floor 2, system 1
// "1号楼火灾报警控制器"), and with `supervised` uitd-sup (B1) whose interval the test shortens
// through the patch.
inline std::string yaml(const std::string& redis_url, bool supervised = false) {
    auto tok = [](const std::string& id) { return sys::sha256_hex("tok-" + id); };
    std::string y;
    y += "server: { http_listen: \"127.0.0.1:0\" }\n";
    y += "redis: { url: \"" + redis_url +
         "\", key_prefix: \"t:\", connect_timeout: 2s, ping_interval: 200ms,"
         " reconnect_min: 50ms, reconnect_max: 200ms }\n";
    y += "ingest:\n  gb26875: { tcp: \"127.0.0.1:0\", supervision: 1h }\n";
    y += "site:\n  buildings: [ { id: B1, name: \"1号楼\", floors: 18 } ]\n";
    y += "devices:\n"
         "  - id: uitd-b1\n"
         "    protocol: gb26875\n"
         "    address: \"0000000000AB\"\n"
         "    building: B1\n"
         "    points:\n"
         "      \"1/0x00020003\": { floor: 2, label: \"2F 走廊烟感\", cameras: [cam-b1-2f] }\n"
         "      \"1/131076\": { floor: 2, label: \"2F 电梯厅烟感\" }\n"
         "      \"1\": { label: \"1号楼火灾报警控制器\" }\n";
    if (supervised) {
        y += "  - { id: uitd-sup, protocol: gb26875, address: \"000001020304\", building: B1,"
             " label: \"1号楼传输装置\" }\n";
    }
    y += "people:\n  - { id: g01, name: \"g01\", role: guard, phone: \"+8613800000000\","
         " token_sha256: \"" +
         tok("g01") + "\" }\n";
    y += "policies: { default: { stages: [ { name: alert, at: 1h, to: [team_lead], via: [ws] } ] } "
         "}\n";
    return y;
}

// A type 2 unit of one component: system type 1 (fire alarm system), `system` address,
// component type 40 (smoke detector), the component address, its status, an ASCII description.
inline std::vector<std::uint8_t> component_unit(std::uint8_t system, std::uint32_t address,
                                                std::uint16_t status,
                                                const std::string& description = "smoke") {
    std::vector<std::uint8_t> u{2, 1, 1, system, 40};
    for (int i = 0; i < 4; ++i) {
        u.push_back(static_cast<std::uint8_t>(address >> (8 * i)));
    }
    u.push_back(static_cast<std::uint8_t>(status & 0xFF));
    u.push_back(static_cast<std::uint8_t>(status >> 8));
    std::string d = description.substr(0, 31);
    d.resize(31, ' ');
    u.insert(u.end(), d.begin(), d.end());
    const std::uint8_t time[6] = {32, 58, 9, 26, 9, 12};
    u.insert(u.end(), time, time + 6);
    return u;
}

// A whole frame: command 2 (send data) from `source` with `serial` and the unit (empty: a
// heartbeat).
inline std::string frame(std::uint16_t serial, const std::vector<std::uint8_t>& unit = {},
                         std::uint64_t source = uitd_b1) {
    gb::control_unit c;
    c.serial = serial;
    c.time = gb::time_label{32, 58, 9, 26, 9, 12};
    c.source = source;
    c.destination = centre;
    c.cmd = gb::command::send_data;
    std::vector<std::uint8_t> out;
    if (!gb::encode(c, unit, out)) {
        throw std::runtime_error("cannot encode test frame");
    }
    return {out.begin(), out.end()};
}

// A transmission device's TCP connection to the centre.
class device {
public:
    explicit device(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error("cannot connect to the GB/T 26875.3 port");
        }
    }
    ~device() { ::close(fd_); }
    device(const device&) = delete;
    device& operator=(const device&) = delete;

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

    // The next answer frame (a rejection counts as a failed test), nullopt when none came.
    std::optional<gb::frame> next(std::chrono::milliseconds timeout = 30s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (auto d = decoder_.next()) {
                if (!*d) {
                    throw std::runtime_error("the centre sent bytes that are not a frame");
                }
                return std::move(**d);
            }
            if (!unfed_.empty()) {
                // The decoder holds one frame at most: the rest waits until it is taken.
                unfed_.erase(0, decoder_.feed(unfed_));
                continue;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            pollfd p{fd_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                return std::nullopt;
            }
            char buf[4096];
            const auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                return std::nullopt;
            }
            unfed_.append(buf, static_cast<std::size_t>(n));
        }
    }

private:
    int fd_ = -1;
    gb::decoder decoder_;
    std::string unfed_;  // received, not yet taken by the decoder
};

}  // namespace alarmd::test::gb26875
