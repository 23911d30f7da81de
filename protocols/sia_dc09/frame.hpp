#pragma once
// A decoded SIA DC-09 frame, and what the decoder returns when it rejects one.
//
//   <LF> <crc> <0LLL> "<id>" <seq> [R<rcvr>] L<pref> #<acct> [<data>] [<x>...]... [_<ts>] <CR>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// boost::source_location comes with boost/system/result.hpp (via result.hpp), whose API uses it.
#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/token.hpp"

namespace alarmd::protocols::sia_dc09 {

enum class crc_format {
    hex,     // 4 ASCII hex digits (the standard)
    binary,  // 2 raw bytes, most significant first (Lupusec; answered in kind, as IOB does)
};

// Everything before the data block. This is also what an ACK or DUH echoes.
struct frame_header {
    std::string id;                       // token without quotes and '*': "SIA-DCS"
    bool encrypted = false;               // the token was "*<id>"
    std::uint16_t sequence = 0;           // 0000-9999, echoed unchanged
    std::optional<std::string> receiver;  // hex digits after 'R', case as sent
    std::string line;                     // hex digits after 'L', case as sent
    std::string account;                  // hex digits after '#', case as sent
    bool bare_account = false;            // NAK form "A0": no '#', `account` holds the whole "A0"
    crc_format crc = crc_format::hex;

    [[nodiscard]] message_type type() const noexcept { return classify(id); }
};

// One [x...] block after the data: the first character says what it carries (brief §6).
struct extended_block {
    char id = 0;        // 'X', 'I', 'M', ...; unknown identifiers are kept
    std::string value;  // bytes after the identifier, as sent (may be UTF-8 or Win-1252)
};

// Everything from the data block on; for an encrypted frame, after decryption.
struct frame_body {
    std::string data;  // between '[' and ']', pad and '|' removed when encrypted
    std::vector<extended_block> extended;
    std::optional<std::chrono::sys_seconds> timestamp;  // UTC
    std::size_t pad_size = 0;  // encrypted only: pad bytes before the '|' (or ']')
};

struct frame {
    frame_header header;
    frame_body body;
};

// A rejected frame is data: the reason, plus whatever could still be read, so the daemon can
// log it, answer it (see policy.hpp) and carry on with the next frame.
struct rejection {
    error_code reason;
    // Present when the header parsed. A CRC or length error does not stop the parse: the header
    // of a corrupted ACK still shows that it must not be answered.
    std::optional<frame_header> header;
    // Present when the body parsed too, i.e. the only problems were CRC and/or length.
    std::optional<frame_body> body;
};

// Note: in Boost 1.81, result::error() returns the rejection by value. Bind it to a local
// (`const rejection r = d.error();`) rather than keeping pointers into a temporary.
using decoded = result<frame, rejection>;

// Found by ADL when decoded::value() is called on a rejection: throws system_error(reason).
[[noreturn]] void throw_exception_from_error(const rejection& r, const boost::source_location& loc);

}  // namespace alarmd::protocols::sia_dc09
