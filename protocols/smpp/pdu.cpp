#include "protocols/smpp/pdu.hpp"

#include <algorithm>

#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include "protocols/smpp/error.hpp"

namespace alarmd::protocols::smpp {
namespace {

std::uint32_t read_u32(std::span<const std::uint8_t> b) noexcept {
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
           std::uint32_t{b[3]};
}

// Reads a body front to back. The first failure sticks: later reads return defaults, and
// error() says what failed first.
class body_reader {
public:
    explicit body_reader(std::span<const std::uint8_t> b) noexcept : b_(b) {}

    std::uint8_t u8() noexcept {
        if (failed() || pos_ >= b_.size()) {
            fail(errc::short_body);
            return 0;
        }
        return b_[pos_++];
    }

    // A C-octet string of at most `max` octets, NUL included.
    std::string c_string(std::size_t max) {
        if (failed()) {
            return {};
        }
        const std::size_t window = std::min(max, b_.size() - pos_);
        const auto begin = b_.begin() + static_cast<std::ptrdiff_t>(pos_);
        const auto nul = std::find(begin, begin + static_cast<std::ptrdiff_t>(window), 0);
        if (nul == begin + static_cast<std::ptrdiff_t>(window)) {
            // No NUL in the window: over-long when the body went on past the maximum.
            fail(window == max ? errc::string_too_long : errc::unterminated_string);
            return {};
        }
        std::string s(begin, nul);
        pos_ += s.size() + 1;
        return s;
    }

    // sm_length, then that many octets.
    std::vector<std::uint8_t> short_message() {
        const std::size_t n = u8();
        if (failed()) {
            return {};
        }
        if (n > max_short_message || n > b_.size() - pos_) {
            fail(errc::bad_sm_length);
            return {};
        }
        const auto begin = b_.begin() + static_cast<std::ptrdiff_t>(pos_);
        pos_ += n;
        return {begin, begin + static_cast<std::ptrdiff_t>(n)};
    }

    // Everything left, as whole TLVs.
    tlv_list tlvs() {
        tlv_list out;
        while (!failed() && pos_ < b_.size()) {
            if (b_.size() - pos_ < 4) {
                fail(errc::bad_tlv);
                break;
            }
            const std::uint16_t tag = static_cast<std::uint16_t>((b_[pos_] << 8) | b_[pos_ + 1]);
            const std::size_t len = static_cast<std::size_t>((b_[pos_ + 2] << 8) | b_[pos_ + 3]);
            pos_ += 4;
            if (len > b_.size() - pos_) {
                fail(errc::bad_tlv);
                break;
            }
            const auto begin = b_.begin() + static_cast<std::ptrdiff_t>(pos_);
            out.push_back({tag, {begin, begin + static_cast<std::ptrdiff_t>(len)}});
            pos_ += len;
        }
        return out;
    }

    [[nodiscard]] bool failed() const noexcept { return error_.failed(); }
    [[nodiscard]] error_code error() const noexcept { return error_; }

private:
    void fail(errc e) noexcept {
        if (!failed()) {
            error_ = e;
        }
    }

    std::span<const std::uint8_t> b_;
    std::size_t pos_ = 0;
    error_code error_;
};

template <command_id Id>
void read_fields(body_reader& r, basic_bind<Id>& b) {
    b.system_id = r.c_string(field_max::system_id);
    b.password = r.c_string(field_max::password);
    b.system_type = r.c_string(field_max::system_type);
    b.interface_version = r.u8();
    b.addr_ton = r.u8();
    b.addr_npi = r.u8();
    b.address_range = r.c_string(field_max::address_range);
    b.tlvs = r.tlvs();
}

template <command_id Id>
void read_fields(body_reader& r, basic_bind_resp<Id>& b) {
    b.system_id = r.c_string(field_max::system_id);
    b.tlvs = r.tlvs();
}

template <command_id Id>
void read_fields(body_reader& r, basic_sm<Id>& m) {
    m.service_type = r.c_string(field_max::service_type);
    m.source_addr_ton = r.u8();
    m.source_addr_npi = r.u8();
    m.source_addr = r.c_string(field_max::address);
    m.dest_addr_ton = r.u8();
    m.dest_addr_npi = r.u8();
    m.destination_addr = r.c_string(field_max::address);
    m.esm_class = r.u8();
    m.protocol_id = r.u8();
    m.priority_flag = r.u8();
    m.schedule_delivery_time = r.c_string(field_max::time);
    m.validity_period = r.c_string(field_max::time);
    m.registered_delivery = r.u8();
    m.replace_if_present_flag = r.u8();
    m.data_coding = r.u8();
    m.sm_default_msg_id = r.u8();
    m.short_message = r.short_message();
    m.tlvs = r.tlvs();
}

template <command_id Id>
void read_fields(body_reader& r, basic_sm_resp<Id>& m) {
    m.message_id = r.c_string(field_max::message_id);
    m.tlvs = r.tlvs();
}

template <class Body>
decoded parse_as(const header& h, std::span<const std::uint8_t> body) {
    Body b;
    if constexpr (is_response(Body::id)) {
        // Responses: a failure status may come without a body.
        if (h.command_status != 0 && body.empty()) {
            return pdu{h.command_status, h.sequence_number, std::move(b)};
        }
    }
    body_reader r{body};
    read_fields(r, b);
    if (r.failed()) {
        return rejection{r.error(), h};
    }
    return pdu{h.command_status, h.sequence_number, std::move(b)};
}

template <command_id Id>
decoded parse_header_only(const header& h, std::span<const std::uint8_t> body) {
    if (!body.empty()) {
        return rejection{errc::unexpected_body, h};
    }
    return pdu{h.command_status, h.sequence_number, header_only<Id>{}};
}

}  // namespace

header read_header(std::span<const std::uint8_t, header_size> b) noexcept {
    return {read_u32(b.subspan(0, 4)), static_cast<command_id>(read_u32(b.subspan(4, 4))),
            read_u32(b.subspan(8, 4)), read_u32(b.subspan(12, 4))};
}

command_id pdu::id() const noexcept {
    return std::visit(
        [](const auto& b) -> command_id {
            if constexpr (std::is_same_v<std::decay_t<decltype(b)>, raw_body>) {
                return b.id;
            } else {
                return std::decay_t<decltype(b)>::id;
            }
        },
        body);
}

void throw_exception_from_error(const rejection& r, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(r.reason), loc);
}

decoded parse_pdu(std::span<const std::uint8_t> bytes, const limits& lim) {
    if (bytes.size() < header_size) {
        return rejection{errc::truncated, std::nullopt};
    }
    const header h = read_header(bytes.first<header_size>());
    if (h.command_length < header_size || h.command_length > lim.max_pdu_length) {
        return rejection{errc::bad_command_length, h};
    }
    if (bytes.size() < h.command_length) {
        return rejection{errc::truncated, h};
    }
    if (bytes.size() > h.command_length) {
        return rejection{errc::trailing_bytes, h};
    }
    return detail::parse_body(h, bytes.subspan(header_size));
}

namespace detail {

decoded parse_body(const header& h, std::span<const std::uint8_t> body) {
    switch (h.id) {
        case command_id::bind_transmitter:
            return parse_as<bind_transmitter>(h, body);
        case command_id::bind_receiver:
            return parse_as<bind_receiver>(h, body);
        case command_id::bind_transceiver:
            return parse_as<bind_transceiver>(h, body);
        case command_id::bind_transmitter_resp:
            return parse_as<bind_transmitter_resp>(h, body);
        case command_id::bind_receiver_resp:
            return parse_as<bind_receiver_resp>(h, body);
        case command_id::bind_transceiver_resp:
            return parse_as<bind_transceiver_resp>(h, body);
        case command_id::submit_sm:
            return parse_as<submit_sm>(h, body);
        case command_id::deliver_sm:
            return parse_as<deliver_sm>(h, body);
        case command_id::submit_sm_resp:
            return parse_as<submit_sm_resp>(h, body);
        case command_id::deliver_sm_resp:
            return parse_as<deliver_sm_resp>(h, body);
        case command_id::enquire_link:
            return parse_header_only<command_id::enquire_link>(h, body);
        case command_id::enquire_link_resp:
            return parse_header_only<command_id::enquire_link_resp>(h, body);
        case command_id::unbind:
            return parse_header_only<command_id::unbind>(h, body);
        case command_id::unbind_resp:
            return parse_header_only<command_id::unbind_resp>(h, body);
        case command_id::generic_nack:
            return parse_header_only<command_id::generic_nack>(h, body);
        default:
            break;
    }
    return pdu{h.command_status, h.sequence_number, raw_body{h.id, {body.begin(), body.end()}}};
}

}  // namespace detail
}  // namespace alarmd::protocols::smpp
