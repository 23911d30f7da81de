#include "protocols/gb26875/frame.hpp"

#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include "protocols/gb26875/error.hpp"

namespace alarmd::protocols::gb26875 {
namespace {

std::uint64_t read_le(std::span<const std::uint8_t> b) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = b.size(); i > 0; --i) {
        v = (v << 8) | b[i - 1];
    }
    return v;
}

void append_two_digits(unsigned v, std::string& out) {
    out += static_cast<char>('0' + (v / 10) % 10);
    out += static_cast<char>('0' + v % 10);
}

bool starts_with_marker(std::span<const std::uint8_t> b) noexcept {
    return b.size() >= 2 && b[0] == '@' && b[1] == '@';
}

}  // namespace

time_label read_time_label(std::span<const std::uint8_t, time_label_size> b) noexcept {
    return {b[0], b[1], b[2], b[3], b[4], b[5]};
}

std::string to_text(const time_label& t) {
    std::string out = std::to_string(2000 + t.year);
    out += '-';
    append_two_digits(t.month, out);
    out += '-';
    append_two_digits(t.day, out);
    out += ' ';
    append_two_digits(t.hour, out);
    out += ':';
    append_two_digits(t.minute, out);
    out += ':';
    append_two_digits(t.second, out);
    return out;
}

std::string address_text(std::uint64_t address) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out(12, '0');
    for (std::size_t i = 12; i > 0; --i) {
        out[i - 1] = digits[address & 0xF];
        address >>= 4;
    }
    return out;
}

void throw_exception_from_error(const rejection& r, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(r.reason), loc);
}

std::uint8_t checksum(std::span<const std::uint8_t> bytes) noexcept {
    unsigned sum = 0;
    for (const std::uint8_t b : bytes) {
        sum += b;
    }
    return static_cast<std::uint8_t>(sum & 0xFF);
}

namespace detail {

control_unit read_control_unit(std::span<const std::uint8_t> b) noexcept {
    control_unit cu;
    cu.serial = static_cast<std::uint16_t>(read_le(b.subspan(2, 2)));
    cu.version_main = b[4];
    cu.version_user = b[5];
    cu.time = read_time_label(b.subspan<6, time_label_size>());
    cu.source = read_le(b.subspan(12, 6));
    cu.destination = read_le(b.subspan(18, 6));
    cu.app_length = static_cast<std::uint16_t>(read_le(b.subspan(24, 2)));
    cu.cmd = static_cast<command>(b[26]);
    return cu;
}

decoded finish_frame(std::span<const std::uint8_t> bytes, const control_unit& cu) {
    const std::size_t n = cu.app_length;
    if (bytes[28 + n] != '#' || bytes[29 + n] != '#') {
        return rejection{errc::bad_end, cu};
    }
    const std::uint8_t sum = checksum(bytes.subspan(2, control_unit_size + n));
    if (sum != bytes[27 + n]) {
        return rejection{errc::bad_checksum, cu};
    }
    if (!is_valid_command(static_cast<std::uint8_t>(cu.cmd))) {
        return rejection{errc::bad_command, cu};
    }
    frame f;
    f.control = cu;
    f.app_data.assign(bytes.begin() + 27, bytes.begin() + 27 + static_cast<std::ptrdiff_t>(n));
    f.checksum = sum;
    return f;
}

}  // namespace detail

decoded parse_frame(std::span<const std::uint8_t> bytes, const limits& lim) {
    if (bytes.size() < frame_overhead) {
        return rejection{errc::truncated, {}};
    }
    if (!starts_with_marker(bytes)) {
        return rejection{errc::bad_start, {}};
    }
    const control_unit cu = detail::read_control_unit(bytes);
    if (cu.app_length > lim.max_app_length) {
        return rejection{errc::bad_length, cu};
    }
    const std::size_t total = frame_overhead + cu.app_length;
    if (bytes.size() < total) {
        return rejection{errc::truncated, cu};
    }
    if (bytes[total - 2] != '#' || bytes[total - 1] != '#') {
        return rejection{errc::bad_end, cu};
    }
    if (bytes.size() > total) {
        return rejection{errc::bad_length, cu};
    }
    return detail::finish_frame(bytes, cu);
}

}  // namespace alarmd::protocols::gb26875
