#pragma once
// Frame encoders, append-only: any frame, and the receiver's ACK / NAK / DUH. No clock inside:
// "now" is a parameter. No randomness inside: the AES pad comes from the caller.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/frame.hpp"

namespace alarmd::protocols::sia_dc09 {

// Fills the span with random bytes for the encryption pad. Bytes that would be '[', ']' or '|'
// are remapped (top bit flipped), since the receiver finds the pad's end by them. An empty
// function pads with 0x00, as IOB does.
using random_source = std::function<void(std::span<std::uint8_t>)>;

// Plain frame: header.encrypted and body.pad_size are ignored. frame_too_large when the body
// would not fit the length field.
[[nodiscard]] result<void> encode_plain(const frame& f, std::string& out);

// Encrypted frame "*<id>" with hex(AES-CBC(pad | data ] [x]... _ts)), zero IV, 1-16 pad bytes
// (a full block when already aligned, as SDN, PYS and IOB do). The timestamp is mandatory.
[[nodiscard]] result<void> encode_encrypted(const frame& f, std::span<const std::uint8_t> key,
                                            const random_source& random, std::string& out);

// "ACK" echoing seq, R, L and account; minimal form unless a timestamp is given.
[[nodiscard]] result<void> encode_ack(const frame_header& request, std::string& out,
                                      std::optional<std::chrono::sys_seconds> timestamp = {});

// "*ACK" answering an encrypted request: plaintext pad|]_<now>, same key (brief §7, §8).
[[nodiscard]] result<void> encode_encrypted_ack(const frame_header& request,
                                                std::span<const std::uint8_t> key,
                                                std::chrono::system_clock::time_point now,
                                                const random_source& random, std::string& out);

// "NAK"0000R0L0A0[]_<now>: fixed fields, receiver time so the panel can resync its clock.
// Never encrypted. `crc` answers a binary-CRC panel in kind.
void encode_nak(std::chrono::system_clock::time_point now, std::string& out,
                crc_format crc = crc_format::hex);

// "DUH" echoing seq, R, L and account, plain (brief §7: NAK and DUH are never encrypted).
[[nodiscard]] result<void> encode_duh(const frame_header& request, std::string& out,
                                      std::optional<std::chrono::sys_seconds> timestamp = {});

}  // namespace alarmd::protocols::sia_dc09
