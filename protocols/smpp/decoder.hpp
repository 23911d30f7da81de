#pragma once
// Stream (TCP) decoder: bytes in, PDUs out, no I/O. Owns one bounded buffer.
//
//   for (std::size_t off = 0; off < n;) {
//       off += dec.feed(bytes.subspan(off));
//       while (auto d = dec.next()) { ... answer *d, or generic_nack a rejection ... }
//   }
//
// feed() may take fewer bytes than offered when the buffer is full; next() then always makes
// room (a whole PDU of the largest accepted size fits), so the loop above cannot stall.
// What next() yields depends only on the bytes, never on how they were split.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "protocols/smpp/limits.hpp"
#include "protocols/smpp/pdu.hpp"

namespace alarmd::protocols::smpp {

class decoder {
public:
    explicit decoder(limits lim = {});

    // Appends up to capacity() - buffered() bytes; returns how many were taken. Once failed(),
    // takes (and drops) everything.
    [[nodiscard]] std::size_t feed(std::span<const std::byte> in);
    [[nodiscard]] std::size_t feed(std::span<const std::uint8_t> in);
    [[nodiscard]] std::size_t feed(std::string_view in);

    // nullopt: need more bytes (always, once failed()). Otherwise, as soon as the whole PDU is
    // in, one of:
    //  - a PDU;
    //  - a rejection of its body, with the header (answer generic_nack, make_generic_nack);
    //    the decoder skips command_length bytes and goes on with the next PDU;
    //  - bad_command_length with the header, as soon as the 16 header bytes are in: SMPP has
    //    no frame marker to find the next PDU by, so the decoder stops (failed()); the session
    //    answers generic_nack and closes the connection.
    [[nodiscard]] std::optional<decoded> next();

    [[nodiscard]] bool failed() const noexcept { return failed_; }
    [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size() - start_; }
    // limits::max_pdu_length (at least the header size): one whole PDU.
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }

private:
    limits limits_;
    std::size_t capacity_;
    std::vector<std::uint8_t> buffer_;
    std::size_t start_ = 0;  // bytes before it are decoded; dropped at the next feed()
    bool failed_ = false;
};

}  // namespace alarmd::protocols::smpp
