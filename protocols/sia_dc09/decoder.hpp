#pragma once
// Stream (TCP) decoder: bytes in, frames out, no I/O. Owns one bounded buffer.
//
//   for (std::size_t off = 0; off < n;) {
//       off += dec.feed(bytes.subspan(off));
//       while (auto d = dec.next()) { ... answer *d (policy.hpp) ... }
//   }
//
// feed() may take fewer bytes than offered when the buffer is full; next() then always makes
// room (it yields a frame or a rejection, or drops garbage), so the loop above cannot stall.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/key_lookup.hpp"
#include "protocols/sia_dc09/limits.hpp"

namespace alarmd::protocols::sia_dc09 {

class decoder {
public:
    explicit decoder(key_lookup keys = {}, limits lim = {});

    // Appends up to capacity() - buffered() bytes; returns how many were taken.
    [[nodiscard]] std::size_t feed(std::span<const std::byte> in);
    [[nodiscard]] std::size_t feed(std::string_view in);

    // nullopt: need more bytes. Otherwise one frame, or one rejection (a LF ... CR that did not
    // decode, or an over-long frame that was dropped). Bytes outside LF ... CR are dropped
    // silently (brief §7 rule 1), and so is a frame cut short by a new LF.
    [[nodiscard]] std::optional<decoded> next();

    [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size(); }
    // LF + 4 CRC + 4 length + max body + CR.
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

private:
    key_lookup keys_;
    limits limits_;
    std::size_t capacity_;
    std::string buffer_;       // starts at an LF whenever it holds a partial frame
    std::size_t scanned_ = 0;  // bytes of buffer_ already searched for CR/LF
};

}  // namespace alarmd::protocols::sia_dc09
