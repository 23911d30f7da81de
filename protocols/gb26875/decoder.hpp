#pragma once
// Stream (TCP) decoder: bytes in, frames out, no I/O. Owns one bounded buffer.
//
//   for (std::size_t off = 0; off < n;) {
//       off += dec.feed(bytes.subspan(off));
//       while (auto d = dec.next()) { ... confirm / deny *d (encoder.hpp) ... }
//   }
//
// feed() may take fewer bytes than offered when the buffer is full; next() then always makes
// room (it yields a frame or a rejection, or drops garbage), so the loop above cannot stall.
// What next() yields depends only on the bytes, never on how they were split.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "protocols/gb26875/frame.hpp"
#include "protocols/gb26875/limits.hpp"

namespace alarmd::protocols::gb26875 {

class decoder {
public:
    explicit decoder(limits lim = {});

    // Appends up to capacity() - buffered() bytes; returns how many were taken.
    [[nodiscard]] std::size_t feed(std::span<const std::byte> in);
    [[nodiscard]] std::size_t feed(std::span<const std::uint8_t> in);
    [[nodiscard]] std::size_t feed(std::string_view in);

    // nullopt: need more bytes. Otherwise one of:
    //  - a frame;
    //  - a rejection with the control unit (bad_length as soon as the control unit is in,
    //    bad_end, bad_checksum, bad_command): answer it with a deny;
    //  - errc::garbage with `skipped` = bytes dropped before this "@@" (reported once the
    //    next "@@" is found, so a split never changes the count; see garbage_pending()).
    // After bad_length and bad_end the length field cannot be trusted: the decoder looks for
    // the next "@@" from the second byte of this one (so a stray '@' just before a real frame
    // costs one rejection, not the frame). After the other errors it skips the whole frame.
    [[nodiscard]] std::optional<decoded> next();

    [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size(); }
    // 30 + limits::max_app_length: one whole frame.
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    // Garbage bytes dropped and not yet reported (no "@@" after them so far).
    [[nodiscard]] std::size_t garbage_pending() const noexcept { return garbage_; }

private:
    void drop(std::size_t n);

    limits limits_;
    std::size_t capacity_;
    std::vector<std::uint8_t> buffer_;  // starts at "@@" whenever it holds a partial frame
    std::size_t garbage_ = 0;
};

}  // namespace alarmd::protocols::gb26875
