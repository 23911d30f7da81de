#include "protocols/sia_dc09/policy.hpp"

#include "protocols/contact_id/error.hpp"
#include "protocols/sia_dc03/error.hpp"
#include "protocols/sia_dc09/error.hpp"

namespace alarmd::protocols::sia_dc09 {

std::string_view name(response_kind k) noexcept {
    switch (k) {
        case response_kind::none:
            return "none";
        case response_kind::ack:
            return "ACK";
        case response_kind::nak:
            return "NAK";
        case response_kind::duh:
            return "DUH";
    }
    return "none";
}

response_kind response_for(const error_code& ec) noexcept {
    if (!ec) {
        return response_kind::ack;
    }
    if (ec.category() == contact_id::category() || ec.category() == sia_dc03::category()) {
        return response_kind::duh;
    }
    if (ec.category() != category()) {
        return response_kind::nak;
    }
    switch (static_cast<errc>(ec.value())) {
        case errc::not_a_frame:
        case errc::truncated:
        case errc::frame_too_large:
        case errc::not_a_request:
            return response_kind::none;
        case errc::unsupported_token:
            return response_kind::duh;
        default:
            return response_kind::nak;
    }
}

response_kind decide(const decoded& d, std::chrono::system_clock::time_point now,
                     const timestamp_window& window) {
    if (d) {
        const auto valid = validate(*d, now, window);
        return valid ? response_kind::ack : response_for(valid.error());
    }
    const rejection r = d.error();  // a copy in Boost 1.81
    if (r.header && is_response(r.header->type())) {
        return response_kind::none;
    }
    return response_for(r.reason);
}

response_kind answer(const decoded& d, std::chrono::system_clock::time_point now,
                     const key_lookup& keys, const random_source& random, std::string& out,
                     const timestamp_window& window) {
    const response_kind kind = decide(d, now, window);
    // Boost 1.81's result::error() returns a copy: take the header out once.
    const std::optional<frame_header> header = d ? d->header : d.error().header;
    const crc_format crc = header ? header->crc : crc_format::hex;
    switch (kind) {
        case response_kind::none:
            return kind;
        case response_kind::nak:
            encode_nak(now, out, crc);
            return kind;
        case response_kind::duh:
            // A DUH always comes from a parsed header (unsupported token or payload error).
            if (!header || !encode_duh(*header, out)) {
                encode_nak(now, out, crc);
                return response_kind::nak;
            }
            return kind;
        case response_kind::ack:
            break;
    }
    const frame_header& request = d->header;
    if (!request.encrypted) {
        if (!encode_ack(request, out)) {
            encode_nak(now, out, crc);
            return response_kind::nak;
        }
        return kind;
    }
    const auto key = keys ? keys(request.account) : std::nullopt;
    if (!key || !encode_encrypted_ack(request, *key, now, random, out)) {
        encode_nak(now, out, crc);
        return response_kind::nak;
    }
    return kind;
}

}  // namespace alarmd::protocols::sia_dc09
