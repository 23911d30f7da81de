#include "protocols/smpp/decoder.hpp"

#include <algorithm>

#include "protocols/smpp/error.hpp"

namespace alarmd::protocols::smpp {

decoder::decoder(limits lim) : limits_(lim), capacity_(std::max(lim.max_pdu_length, header_size)) {
    limits_.max_pdu_length = capacity_;
    buffer_.reserve(capacity_);
}

std::size_t decoder::feed(std::span<const std::byte> in) {
    return feed(
        std::span<const std::uint8_t>{reinterpret_cast<const std::uint8_t*>(in.data()), in.size()});
}

std::size_t decoder::feed(std::string_view in) {
    return feed(
        std::span<const std::uint8_t>{reinterpret_cast<const std::uint8_t*>(in.data()), in.size()});
}

std::size_t decoder::feed(std::span<const std::uint8_t> in) {
    if (failed_) {
        return in.size();
    }
    // Decoded PDUs leave the buffer here, once per feed rather than once per PDU.
    if (start_ > 0) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
        start_ = 0;
    }
    const std::size_t take = std::min(in.size(), capacity_ - buffer_.size());
    buffer_.insert(buffer_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(take));
    return take;
}

std::optional<decoded> decoder::next() {
    if (failed_ || buffered() < header_size) {
        return std::nullopt;
    }
    const std::span<const std::uint8_t> bytes = std::span{buffer_}.subspan(start_);
    const header h = read_header(bytes.first<header_size>());
    if (h.command_length < header_size || h.command_length > limits_.max_pdu_length) {
        failed_ = true;
        buffer_.clear();
        start_ = 0;
        return decoded{rejection{errc::bad_command_length, h}};
    }
    if (bytes.size() < h.command_length) {
        return std::nullopt;
    }
    decoded out = detail::parse_body(h, bytes.subspan(header_size, h.command_length - header_size));
    start_ += h.command_length;
    if (start_ == buffer_.size()) {
        buffer_.clear();
        start_ = 0;
    }
    return out;
}

}  // namespace alarmd::protocols::smpp
