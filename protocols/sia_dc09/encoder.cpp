#include "protocols/sia_dc09/encoder.hpp"

#include <vector>

#include "protocols/common/aes_cbc.hpp"
#include "protocols/sia_dc09/crc16.hpp"
#include "protocols/sia_dc09/decrypt.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/hex.hpp"
#include "protocols/sia_dc09/timestamp.hpp"

namespace alarmd::protocols::sia_dc09 {
namespace {

void append_header(const frame_header& h, bool encrypted, std::string& body) {
    body += '"';
    if (encrypted) {
        body += '*';
    }
    body += h.id;
    body += '"';
    const unsigned seq = h.sequence % 10000U;
    body += static_cast<char>('0' + seq / 1000);
    body += static_cast<char>('0' + seq / 100 % 10);
    body += static_cast<char>('0' + seq / 10 % 10);
    body += static_cast<char>('0' + seq % 10);
    if (h.receiver) {
        body += 'R';
        body += *h.receiver;
    }
    body += 'L';
    body += h.line;
    if (!h.bare_account) {
        body += '#';
    }
    body += h.account;
    body += '[';
}

// data ] [x]... [_ts]: the part after '[' in plain frames and after pad '|' when encrypted.
void append_content(const frame_body& b, std::string& out) {
    out += b.data;
    out += ']';
    for (const extended_block& x : b.extended) {
        out += '[';
        out += x.id;
        out += x.value;
        out += ']';
    }
    if (b.timestamp) {
        out += '_';
        append_timestamp(*b.timestamp, out);
    }
}

// LF crc 0LLL body CR around a finished body.
result<void> wrap(std::string_view body, crc_format crc, std::string& out) {
    if (body.size() > protocol_max_body_size) {
        return make_error_code(errc::frame_too_large);
    }
    const std::uint16_t sum = crc16_arc(body);
    out += '\n';
    if (crc == crc_format::binary) {
        out += static_cast<char>(sum >> 8);
        out += static_cast<char>(sum & 0xFF);
    } else {
        detail::append_hex_field(sum, 4, out);
    }
    out += '0';
    detail::append_hex_field(static_cast<std::uint32_t>(body.size()), 3, out);
    out += body;
    out += '\r';
    return {};
}

frame response_to(const frame_header& request, std::string_view id,
                  std::optional<std::chrono::sys_seconds> timestamp) {
    frame f;
    f.header = request;
    f.header.id = id;
    f.header.encrypted = false;
    f.body.timestamp = timestamp;
    return f;
}

std::chrono::sys_seconds whole_seconds(std::chrono::system_clock::time_point t) {
    return std::chrono::floor<std::chrono::seconds>(t);
}

}  // namespace

result<void> encode_plain(const frame& f, std::string& out) {
    std::string body;
    body.reserve(64);  // an ACK's whole body: one allocation, not one per doubling
    append_header(f.header, false, body);
    append_content(f.body, body);
    return wrap(body, f.header.crc, out);
}

result<void> encode_encrypted(const frame& f, std::span<const std::uint8_t> key,
                              const random_source& random, std::string& out) {
    if (!f.body.timestamp) {
        return make_error_code(errc::missing_timestamp);
    }
    if (!detail::valid_key_size(key.size())) {
        return make_error_code(errc::bad_key);
    }
    std::string plain = "|";
    append_content(f.body, plain);
    const std::size_t pad = common::aes_block_size - plain.size() % common::aes_block_size;

    std::vector<std::uint8_t> block(pad, 0);
    if (random) {
        random(block);
    }
    for (std::uint8_t& b : block) {
        if (b == '[' || b == ']' || b == '|') {
            b ^= 0x80;
        }
    }
    block.insert(block.end(), plain.begin(), plain.end());
    const auto cipher = common::aes_cbc_encrypt(key, common::aes_iv{}, block);
    if (!cipher) {
        return cipher.error();
    }
    std::string body;
    append_header(f.header, true, body);
    detail::append_hex(*cipher, body);
    return wrap(body, f.header.crc, out);
}

result<void> encode_ack(const frame_header& request, std::string& out,
                        std::optional<std::chrono::sys_seconds> timestamp) {
    return encode_plain(response_to(request, "ACK", timestamp), out);
}

result<void> encode_encrypted_ack(const frame_header& request, std::span<const std::uint8_t> key,
                                  std::chrono::system_clock::time_point now,
                                  const random_source& random, std::string& out) {
    return encode_encrypted(response_to(request, "ACK", whole_seconds(now)), key, random, out);
}

void encode_nak(std::chrono::system_clock::time_point now, std::string& out, crc_format crc) {
    frame f;
    f.header.id = "NAK";
    f.header.sequence = 0;
    f.header.receiver = "0";
    f.header.line = "0";
    f.header.account = "A0";
    f.header.bare_account = true;
    f.header.crc = crc;
    f.body.timestamp = whole_seconds(now);
    // Fixed size (37 bytes): cannot exceed the length field.
    (void)encode_plain(f, out);
}

result<void> encode_duh(const frame_header& request, std::string& out,
                        std::optional<std::chrono::sys_seconds> timestamp) {
    return encode_plain(response_to(request, "DUH", timestamp), out);
}

}  // namespace alarmd::protocols::sia_dc09
