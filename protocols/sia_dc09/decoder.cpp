#include "protocols/sia_dc09/decoder.hpp"

#include <algorithm>
#include <utility>

#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"

namespace alarmd::protocols::sia_dc09 {
namespace {

constexpr std::size_t framing_overhead = 1 + 4 + 4 + 1;  // LF, CRC, length, CR

}  // namespace

decoder::decoder(key_lookup keys, limits lim)
    : keys_(std::move(keys)),
      limits_(lim),
      capacity_(std::min(lim.max_body_size, protocol_max_body_size) + framing_overhead) {
    buffer_.reserve(capacity_);
}

std::size_t decoder::feed(std::span<const std::byte> in) {
    return feed(std::string_view{reinterpret_cast<const char*>(in.data()), in.size()});
}

std::size_t decoder::feed(std::string_view in) {
    const std::size_t take = std::min(in.size(), capacity_ - buffer_.size());
    buffer_.append(in.substr(0, take));
    return take;
}

std::optional<decoded> decoder::next() {
    for (;;) {
        const std::size_t lf = buffer_.find('\n');
        if (lf == std::string::npos) {
            buffer_.clear();  // garbage between frames
            scanned_ = 0;
            return std::nullopt;
        }
        if (lf > 0) {
            buffer_.erase(0, lf);
            scanned_ = 0;
        }
        // Until 8 bytes are in, a CR or LF at offset 1 or 2 may be a binary CRC byte.
        if (buffer_.size() < 8) {
            return std::nullopt;
        }
        const std::size_t start = std::max(scanned_, detail::scan_start(buffer_));
        const std::size_t end = buffer_.find_first_of("\r\n", start);
        if (end == std::string::npos) {
            scanned_ = buffer_.size();
            if (buffer_.size() < capacity_) {
                return std::nullopt;
            }
            // Full and still no CR: over-long. Drop it; the rest of it is garbage up to the
            // next LF and goes the same way.
            buffer_.clear();
            scanned_ = 0;
            return decoded{rejection{make_error_code(errc::frame_too_large), {}, {}}};
        }
        if (buffer_[end] == '\n') {
            buffer_.erase(0, end);  // cut short by a new frame: resynchronise on it
            scanned_ = 0;
            continue;
        }
        decoded out =
            detail::parse_frame(std::string_view{buffer_}.substr(0, end + 1), keys_, limits_);
        buffer_.erase(0, end + 1);
        scanned_ = 0;
        return out;
    }
}

}  // namespace alarmd::protocols::sia_dc09
