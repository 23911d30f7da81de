#include "protocols/sia_dc09/frame_parser.hpp"

#include <algorithm>

#include "protocols/sia_dc09/content_parser.hpp"
#include "protocols/sia_dc09/crc16.hpp"
#include "protocols/sia_dc09/decrypt.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/header_parser.hpp"
#include "protocols/sia_dc09/hex.hpp"

namespace alarmd::protocols::sia_dc09::detail {
namespace {

decoded reject(errc reason) {
    return rejection{make_error_code(reason), std::nullopt, std::nullopt};
}

bool crc_matches(std::string_view field, crc_format format, std::string_view body) {
    const std::uint16_t crc = crc16_arc(body);
    if (format == crc_format::binary) {
        return static_cast<std::uint8_t>(field[0]) == (crc >> 8) &&
               static_cast<std::uint8_t>(field[1]) == (crc & 0xFF);
    }
    const auto sent = parse_hex_field(field);  // either case: SDN sends "01fc"
    return sent && *sent == crc;
}

bool length_matches(std::string_view field, std::size_t body_size) {
    // '0' + 3 hex digits. The decimal "0047" quirk (PYS case_adm_cid2) fails here on purpose.
    if (field.front() != '0') {
        return false;
    }
    const auto sent = parse_hex_field(field.substr(1));
    return sent && *sent == body_size;
}

}  // namespace

bool binary_crc_at(std::string_view from_lf) noexcept {
    return from_lf.size() >= 8 && from_lf[3] == '0' && from_lf[7] == '"';
}

std::size_t scan_start(std::string_view from_lf) noexcept {
    return binary_crc_at(from_lf) ? 3 : 1;
}

decoded parse_frame(std::string_view raw, const key_lookup& keys, const limits& lim) {
    if (raw.size() < 2 || raw.front() != '\n' || raw.back() != '\r') {
        return reject(errc::not_a_frame);
    }
    const crc_format format = binary_crc_at(raw) ? crc_format::binary : crc_format::hex;
    const std::size_t crc_size = format == crc_format::binary ? 2 : 4;
    const std::string_view inner = raw.substr(1, raw.size() - 2);
    if (inner.size() <= crc_size + 4) {
        return reject(errc::truncated);
    }
    const std::string_view body = inner.substr(crc_size + 4);
    if (body.front() != '"') {
        return reject(errc::not_a_frame);
    }
    if (body.size() > std::min(lim.max_body_size, protocol_max_body_size)) {
        return reject(errc::frame_too_large);
    }
    const bool crc_ok = crc_matches(inner.substr(0, crc_size), format, body);
    const bool length_ok = length_matches(inner.substr(crc_size, 4), body.size());

    // Parse on even when CRC or length failed: the rejection then still says what was sent
    // (a corrupted ACK is not answered; the vectors' field values are checked).
    rejection r;
    std::string_view rest = body;
    auto header = parse_header(rest, format);
    if (header) {
        r.header = *header;
        result<frame_body> content = make_error_code(errc::unknown_account);
        if (!header->encrypted) {
            content = parse_content(rest, lim);
        } else if (auto key = keys ? keys(header->account) : std::nullopt) {
            content = decrypt_content(rest, *key, lim);
        }
        if (content) {
            r.body = std::move(*content);
        } else {
            r.reason = content.error();
        }
    } else {
        r.reason = header.error();
    }

    if (!crc_ok) {
        r.reason = make_error_code(errc::bad_crc);
    } else if (!length_ok) {
        r.reason = make_error_code(errc::bad_length);
    }
    if (r.reason) {
        return r;
    }
    return frame{std::move(*r.header), std::move(*r.body)};
}

}  // namespace alarmd::protocols::sia_dc09::detail

namespace alarmd::protocols::sia_dc09 {

decoded parse_datagram(std::string_view datagram, const key_lookup& keys, const limits& lim) {
    while (!datagram.empty() && datagram.back() == '\0') {
        datagram.remove_suffix(1);
    }
    if (datagram.size() < 2 || datagram.front() != '\n') {
        return rejection{make_error_code(errc::not_a_frame), std::nullopt, std::nullopt};
    }
    // Exactly one frame: the first CR or LF after the CRC must be the final CR, as the stream
    // decoder would split it there.
    const std::size_t end = datagram.find_first_of("\r\n", detail::scan_start(datagram));
    if (end != datagram.size() - 1 || datagram[end] != '\r') {
        return rejection{make_error_code(errc::not_a_frame), std::nullopt, std::nullopt};
    }
    return detail::parse_frame(datagram, keys, lim);
}

decoded parse_datagram(std::span<const std::byte> datagram, const key_lookup& keys,
                       const limits& lim) {
    return parse_datagram(
        std::string_view{reinterpret_cast<const char*>(datagram.data()), datagram.size()}, keys,
        lim);
}

}  // namespace alarmd::protocols::sia_dc09
