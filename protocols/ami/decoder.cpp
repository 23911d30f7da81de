#include "protocols/ami/decoder.hpp"

#include <utility>

namespace alarmd::protocols::ami {

decoder::decoder(limits lim) : limits_(lim) {}

void decoder::feed(std::string_view bytes) {
    if (failed_) {
        return;
    }
    // Decoded lines leave the buffer here, once per feed rather than once per line.
    if (start_ > 0) {
        buffer_.erase(0, start_);
        start_ = 0;
    }
    buffer_.append(bytes);
}

std::optional<decoded> decoder::next() {
    while (!failed_) {
        const std::string_view rest = std::string_view{buffer_}.substr(start_);
        const std::size_t lf = rest.find('\n', scanned_);
        if (lf == std::string_view::npos) {
            scanned_ = rest.size();
            // A CR at the end may still be the start of a CRLF: it does not count (yet).
            const bool cr = !rest.empty() && rest.back() == '\r';
            if (rest.size() - (cr ? 1 : 0) > limits_.max_line) {
                return fail(decode_errc::line_too_long,
                            "line above " + std::to_string(limits_.max_line) + " bytes");
            }
            if (start_ == buffer_.size()) {
                buffer_.clear();
                start_ = 0;
            }
            return std::nullopt;
        }
        std::string_view line = rest.substr(0, lf);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        start_ += lf + 1;
        scanned_ = 0;
        if (line.size() > limits_.max_line) {
            return fail(decode_errc::line_too_long,
                        "line above " + std::to_string(limits_.max_line) + " bytes");
        }
        if (auto out = on_line(line, lf + 1)) {
            return out;
        }
    }
    return std::nullopt;
}

std::optional<decoded> decoder::on_line(std::string_view line, std::size_t wire_size) {
    const bool first = std::exchange(first_line_, false);
    if (line.empty()) {
        if (skipping_) {
            skipping_ = false;
        } else if (!block_.fields.empty()) {
            message done = std::exchange(block_, message{});
            block_size_ = 0;
            block_lines_ = 0;
            return decoded{std::move(done)};
        }
        block_size_ = 0;
        block_lines_ = 0;
        return std::nullopt;
    }
    if (first && line.starts_with(banner_prefix)) {
        return decoded{banner{std::string{line.substr(banner_prefix.size())}}};
    }
    block_size_ += wire_size;
    ++block_lines_;
    if (block_size_ > limits_.max_block) {
        return fail(decode_errc::block_too_large,
                    "block above " + std::to_string(limits_.max_block) + " bytes");
    }
    if (block_lines_ > limits_.max_fields) {
        return fail(decode_errc::too_many_fields,
                    "block above " + std::to_string(limits_.max_fields) + " fields");
    }
    if (skipping_) {
        return std::nullopt;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        const std::size_t at = block_lines_;
        block_ = message{};
        skipping_ = true;
        return decoded{decode_error{decode_errc::bad_line,
                                    "line " + std::to_string(at) + " of a block has no ':'"}};
    }
    std::string_view value = line.substr(colon + 1);
    if (value.starts_with(' ')) {
        value.remove_prefix(1);
    }
    block_.fields.push_back(field{std::string{line.substr(0, colon)}, std::string{value}});
    return std::nullopt;
}

decoded decoder::fail(decode_errc code, std::string detail) {
    failed_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
    start_ = 0;
    scanned_ = 0;
    block_ = message{};
    return decoded{decode_error{code, std::move(detail)}};
}

}  // namespace alarmd::protocols::ami
