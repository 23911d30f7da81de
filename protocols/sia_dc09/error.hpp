#pragma once
// Why a SIA DC-09 frame was rejected. Each value maps to one answer in policy.hpp (§7 of the
// protocol brief): no answer, NAK or DUH.
#include <type_traits>

#include "protocols/common/result.hpp"

namespace alarmd::protocols::sia_dc09 {

enum class errc {
    bad_crc = 1,        // CRC field unreadable or not the CRC-16/ARC of the body
    bad_length,         // 0LLL field not '0' + 3 hex digits, or not the body's byte count
    not_a_frame,        // no LF ... CR around the bytes, or no '"' where the body must start
    truncated,          // LF ... CR shorter than CRC + length + body
    frame_too_large,    // body longer than limits::max_body_size
    bad_token,          // "id" token missing, empty, unterminated or not printable ASCII
    bad_sequence,       // sequence not 4 decimal digits
    bad_receiver,       // 'R' not followed by 1-6 hex digits
    bad_line,           // 'L' prefix missing or not followed by 1-6 hex digits
    bad_account,        // '#' account missing or not 1-16 hex digits
    bad_data,           // '[' missing, data not closed by ']', or '[' inside the data
    bad_extended,       // malformed [x] block, or bytes after the data that are not a block
    too_many_extended,  // more than limits::max_extended_blocks [x] blocks
    bad_timestamp,      // not _HH:MM:SS,MM-DD-YYYY or not a real UTC date and time
    unknown_account,    // encrypted, and the key lookup has no key for the account
    bad_key,            // the account's key is not 16, 24 or 32 bytes
    bad_ciphertext,     // encrypted field not hex, or not whole 16-byte AES blocks
    decrypt_failed,     // plaintext is not pad|data]...: wrong key or corrupt
    missing_timestamp,  // encrypted without the mandatory timestamp
    stale_timestamp,    // validate(): older than now - window.before
    future_timestamp,   // validate(): later than now + window.after
    unsupported_token,  // validate(): a valid frame whose token this receiver does not handle
    not_a_request,      // validate(): a receiver response (ACK, NAK, DUH, RSP); never answered
};

[[nodiscard]] const boost::system::error_category& category() noexcept;
[[nodiscard]] error_code make_error_code(errc e) noexcept;

}  // namespace alarmd::protocols::sia_dc09

template <>
struct boost::system::is_error_code_enum<alarmd::protocols::sia_dc09::errc> : std::true_type {};
