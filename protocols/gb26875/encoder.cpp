#include "protocols/gb26875/encoder.hpp"

#include "protocols/gb26875/error.hpp"

namespace alarmd::protocols::gb26875 {
namespace {

void put_le(std::uint64_t v, std::size_t n, std::vector<std::uint8_t>& out) {
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(static_cast<std::uint8_t>(v & 0xFF));
        v >>= 8;
    }
}

}  // namespace

result<void> encode(const control_unit& cu, std::span<const std::uint8_t> app,
                    std::vector<std::uint8_t>& out) {
    if (app.size() > protocol_max_app_length) {
        return errc::bad_length;
    }
    const std::size_t begin = out.size();
    out.reserve(begin + frame_overhead + app.size());
    out.push_back('@');
    out.push_back('@');
    put_le(cu.serial, 2, out);
    out.push_back(cu.version_main);
    out.push_back(cu.version_user);
    const time_label& t = cu.time;
    out.insert(out.end(), {t.second, t.minute, t.hour, t.day, t.month, t.year});
    put_le(cu.source, 6, out);
    put_le(cu.destination, 6, out);
    put_le(app.size(), 2, out);
    out.push_back(static_cast<std::uint8_t>(cu.cmd));
    out.insert(out.end(), app.begin(), app.end());
    out.push_back(checksum(std::span<const std::uint8_t>{out}.subspan(begin + 2)));
    out.push_back('#');
    out.push_back('#');
    return {};
}

result<void> encode(const frame& f, std::vector<std::uint8_t>& out) {
    return encode(f.control, f.app_data, out);
}

control_unit answer_control(const control_unit& received, command cmd,
                            const time_label& now) noexcept {
    control_unit cu = received;
    cu.time = now;
    cu.source = received.destination;
    cu.destination = received.source;
    cu.app_length = 0;
    cu.cmd = cmd;
    return cu;
}

std::vector<std::uint8_t> make_confirm(const control_unit& received, const time_label& now) {
    std::vector<std::uint8_t> out;
    (void)encode(answer_control(received, command::confirm, now), {}, out);  // empty: cannot fail
    return out;
}

std::vector<std::uint8_t> make_deny(const control_unit& received, const time_label& now) {
    std::vector<std::uint8_t> out;
    (void)encode(answer_control(received, command::deny, now), {}, out);
    return out;
}

}  // namespace alarmd::protocols::gb26875
