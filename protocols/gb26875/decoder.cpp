#include "protocols/gb26875/decoder.hpp"

#include <algorithm>

#include "protocols/gb26875/error.hpp"

namespace alarmd::protocols::gb26875 {
namespace {

constexpr std::size_t header_size = 2 + control_unit_size;  // "@@" + control unit

}  // namespace

decoder::decoder(limits lim)
    : limits_(lim),
      capacity_(std::min(lim.max_app_length, protocol_max_app_length) + frame_overhead) {
    limits_.max_app_length = capacity_ - frame_overhead;
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
    const std::size_t take = std::min(in.size(), capacity_ - buffer_.size());
    buffer_.insert(buffer_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(take));
    return take;
}

void decoder::drop(std::size_t n) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
}

std::optional<decoded> decoder::next() {
    // Find "@@"; everything before it is garbage.
    std::size_t start = 0;
    while (start + 1 < buffer_.size() && !(buffer_[start] == '@' && buffer_[start + 1] == '@')) {
        ++start;
    }
    if (start + 1 >= buffer_.size()) {
        // No marker yet: keep a last '@', which may be the first half of one.
        const std::size_t keep = !buffer_.empty() && buffer_.back() == '@' ? 1 : 0;
        garbage_ += buffer_.size() - keep;
        drop(buffer_.size() - keep);
        return std::nullopt;
    }
    if (start > 0) {
        garbage_ += start;
        drop(start);
    }
    if (garbage_ > 0) {
        rejection r{errc::garbage, {}};
        r.skipped = garbage_;
        garbage_ = 0;
        return decoded{std::move(r)};
    }
    if (buffer_.size() < header_size) {
        return std::nullopt;
    }
    const std::span<const std::uint8_t> bytes{buffer_};
    const control_unit cu = detail::read_control_unit(bytes);
    if (cu.app_length > limits_.max_app_length) {
        drop(1);
        return decoded{rejection{errc::bad_length, cu}};
    }
    const std::size_t total = frame_overhead + cu.app_length;
    if (buffer_.size() < total) {
        return std::nullopt;
    }
    decoded out = detail::finish_frame(bytes.first(total), cu);
    if (!out && out.error().reason == errc::bad_end) {
        drop(1);
    } else {
        drop(total);
    }
    return out;
}

}  // namespace alarmd::protocols::gb26875
