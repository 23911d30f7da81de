#pragma once
// Helpers shared by the SIA DC-09 tests: frame building, deterministic keys and randomness,
// and a flat text form of a decoder result so two results compare with one EXPECT_EQ.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/sia_dc09/crc16.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/key_lookup.hpp"
#include "protocols/sia_dc09/timestamp.hpp"

namespace alarmd::protocols::sia_dc09::test {

// LF + CRC + length + body + CR, both computed (upper-case hex).
inline std::string wrap(std::string_view body) {
    char head[16];
    std::snprintf(head, sizeof head, "%04X%04X", static_cast<unsigned>(crc16_arc(body)),
                  static_cast<unsigned>(body.size()));
    return "\n" + std::string{head} + std::string{body} + "\r";
}

inline std::vector<std::uint8_t> hex_bytes(std::string_view hex) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        out.push_back(
            static_cast<std::uint8_t>(std::stoul(std::string{hex.substr(i, 2)}, nullptr, 16)));
    }
    return out;
}

// The SDN test key ABCD... (16 bytes), used by most encrypted public vectors.
inline std::vector<std::uint8_t> sdn_key() {
    return hex_bytes("ABCDABCDABCDABCDABCDABCDABCDABCD");
}

// A lookup that knows exactly one account.
inline key_lookup one_key(std::string account, std::vector<std::uint8_t> key) {
    return [account = std::move(account),
            key = std::move(key)](std::string_view a) -> std::optional<std::vector<std::uint8_t>> {
        if (a == account) {
            return key;
        }
        return std::nullopt;
    };
}

// Deterministic "random" pad bytes: 1, 2, 3, ...
inline random_source counting_random() {
    return [](std::span<std::uint8_t> out) {
        std::uint8_t v = 1;
        for (std::uint8_t& b : out) {
            b = v++;
        }
    };
}

inline std::chrono::sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi, int s) {
    using namespace std::chrono;
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

inline std::string timestamp_text(std::chrono::sys_seconds t) {
    std::string out;
    append_timestamp(t, out);
    return out;
}

inline std::string seq_text(std::uint16_t seq) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04u", static_cast<unsigned>(seq));
    return buf;
}

inline std::string to_text(const frame_header& h) {
    std::string s =
        "id=" + std::string{h.encrypted ? "*" : ""} + h.id + " seq=" + seq_text(h.sequence);
    s += " R=" + (h.receiver ? *h.receiver : std::string{"-"});
    s += " L=" + h.line + " acct=" + h.account + (h.bare_account ? " bare" : "");
    s += h.crc == crc_format::binary ? " crc=bin" : " crc=hex";
    return s;
}

inline std::string to_text(const frame_body& b) {
    std::string s = "data=[" + b.data + "]";
    for (const extended_block& x : b.extended) {
        s += " x=[" + std::string(1, x.id) + x.value + "]";
    }
    s += " ts=" + (b.timestamp ? timestamp_text(*b.timestamp) : std::string{"-"});
    s += " pad=" + std::to_string(b.pad_size);
    return s;
}

inline std::string to_text(const decoded& d) {
    if (d) {
        return "ok " + to_text(d->header) + " " + to_text(d->body);
    }
    const rejection r = d.error();
    std::string s = "rejected " + r.reason.message();
    s += " header{" + (r.header ? to_text(*r.header) : std::string{}) + "}";
    s += " body{" + (r.body ? to_text(*r.body) : std::string{}) + "}";
    return s;
}

// Header and body whether the frame was accepted or rejected (copies: Boost 1.81's
// result::error() returns by value).
inline std::optional<frame_header> header_of(const decoded& d) {
    return d ? std::optional{d->header} : d.error().header;
}

inline std::optional<frame_body> body_of(const decoded& d) {
    return d ? std::optional{d->body} : d.error().body;
}

inline error_code reason_of(const decoded& d) {
    return d ? error_code{} : d.error().reason;
}

}  // namespace alarmd::protocols::sia_dc09::test
