#pragma once
// Stream (TCP) decoder for the Asterisk Manager Interface: bytes in, banner and messages out,
// no I/O. Owns one bounded buffer.
//
//   dec.feed(bytes);
//   while (auto d = dec.next()) { ... a banner, a message, or a decode_error ... }
//   if (dec.failed()) { ... drop the connection ... }
//
// Framing (brief §1): the first line of a connection starting with "Asterisk Call Manager/"
// is the banner (one line, no empty line after it); any other first line starts a block, as
// from a proxy that sends no banner. A block is `Key: Value` lines ended by an empty line;
// lines end in CRLF or a bare LF. A line splits at its first ':', and one space after it is
// dropped: `AccountCode: ` and `AccountCode:` both give "", `Key:  x` gives " x". Empty lines
// between blocks are skipped.
//
// Errors: a line without ':' yields bad_line and costs only its block (the rest of it is
// skipped up to its empty line). A line above limits::max_line, a block above max_block bytes
// or above max_fields lines yield their error and stop the decoder (failed()): next() then
// returns nullopt and feed() drops what it is given.
//
// What next() yields depends only on the bytes, never on how they were split. Decoded bytes
// leave the buffer: once next() has returned nullopt, buffered() is at most max_line + 1 (the
// start of one line).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "protocols/ami/error.hpp"
#include "protocols/ami/limits.hpp"
#include "protocols/ami/message.hpp"

namespace alarmd::protocols::ami {

struct banner {
    std::string version;  // "Asterisk Call Manager/2.10.3" -> "2.10.3"

    friend bool operator==(const banner&, const banner&) = default;
};

struct decode_error {
    decode_errc code;
    std::string detail;  // for the log: which limit or which line of the block; no raw bytes

    friend bool operator==(const decode_error&, const decode_error&) = default;
};

using decoded = std::variant<banner, message, decode_error>;

class decoder {
public:
    explicit decoder(limits lim = {});

    // Appends `bytes` (drops them once failed()).
    void feed(std::string_view bytes);

    // nullopt: need more bytes (always, once failed()).
    [[nodiscard]] std::optional<decoded> next();

    [[nodiscard]] bool failed() const noexcept { return failed_; }
    [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size() - start_; }

private:
    // What one complete line (without its end) does; a result when it completes something.
    std::optional<decoded> on_line(std::string_view line, std::size_t wire_size);
    decoded fail(decode_errc code, std::string detail);

    limits limits_;
    std::string buffer_;
    std::size_t start_ = 0;    // bytes before it are decoded; dropped at the next feed()
    std::size_t scanned_ = 0;  // bytes after start_ known to hold no LF
    bool first_line_ = true;   // the next line is the first of the connection
    bool skipping_ = false;    // inside a block that had a bad line: up to its empty line
    bool failed_ = false;
    message block_;                // the block being read
    std::size_t block_size_ = 0;   // its bytes so far, line ends counted
    std::size_t block_lines_ = 0;  // its lines so far (also while skipping)
};

}  // namespace alarmd::protocols::ami
