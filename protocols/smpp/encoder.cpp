#include "protocols/smpp/encoder.hpp"

#include <limits>
#include <string_view>
#include <type_traits>

#include "protocols/smpp/error.hpp"

namespace alarmd::protocols::smpp {
namespace {

void put_u8(std::uint8_t v, std::vector<std::uint8_t>& out) {
    out.push_back(v);
}

void put_u16(std::uint16_t v, std::vector<std::uint8_t>& out) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

void put_u32(std::uint32_t v, std::vector<std::uint8_t>& out) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>((v >> shift) & 0xFF));
    }
}

// Writes the string and its NUL; false when it does not fit `max` (NUL included) or holds a
// NUL (the reader would stop there).
bool put_c_string(std::string_view s, std::size_t max, std::vector<std::uint8_t>& out) {
    if (s.size() >= max || s.find('\0') != std::string_view::npos) {
        return false;
    }
    out.insert(out.end(), s.begin(), s.end());
    out.push_back(0);
    return true;
}

bool put_tlvs(const tlv_list& tlvs, std::vector<std::uint8_t>& out) {
    for (const tlv& t : tlvs) {
        if (t.value.size() > std::numeric_limits<std::uint16_t>::max()) {
            return false;
        }
        put_u16(t.tag, out);
        put_u16(static_cast<std::uint16_t>(t.value.size()), out);
        out.insert(out.end(), t.value.begin(), t.value.end());
    }
    return true;
}

// Each writer returns the error of the first field that cannot be written, or success.
template <command_id Id>
error_code put_body(const basic_bind<Id>& b, std::uint32_t, std::vector<std::uint8_t>& out) {
    const bool ok = put_c_string(b.system_id, field_max::system_id, out) &&
                    put_c_string(b.password, field_max::password, out) &&
                    put_c_string(b.system_type, field_max::system_type, out);
    if (!ok) {
        return errc::string_too_long;
    }
    put_u8(b.interface_version, out);
    put_u8(b.addr_ton, out);
    put_u8(b.addr_npi, out);
    if (!put_c_string(b.address_range, field_max::address_range, out)) {
        return errc::string_too_long;
    }
    return put_tlvs(b.tlvs, out) ? error_code{} : errc::bad_tlv;
}

// A response with a failure status and nothing to say is sent without body.
template <class Body>
error_code put_response(const Body& b, const std::string& s, std::size_t max,
                        std::uint32_t command_status, std::vector<std::uint8_t>& out) {
    if (command_status != 0 && s.empty() && b.tlvs.empty()) {
        return {};
    }
    if (!put_c_string(s, max, out)) {
        return errc::string_too_long;
    }
    return put_tlvs(b.tlvs, out) ? error_code{} : errc::bad_tlv;
}

template <command_id Id>
error_code put_body(const basic_bind_resp<Id>& b, std::uint32_t command_status,
                    std::vector<std::uint8_t>& out) {
    return put_response(b, b.system_id, field_max::system_id, command_status, out);
}

template <command_id Id>
error_code put_body(const basic_sm_resp<Id>& b, std::uint32_t command_status,
                    std::vector<std::uint8_t>& out) {
    return put_response(b, b.message_id, field_max::message_id, command_status, out);
}

template <command_id Id>
error_code put_body(const basic_sm<Id>& m, std::uint32_t, std::vector<std::uint8_t>& out) {
    if (!put_c_string(m.service_type, field_max::service_type, out)) {
        return errc::string_too_long;
    }
    put_u8(m.source_addr_ton, out);
    put_u8(m.source_addr_npi, out);
    if (!put_c_string(m.source_addr, field_max::address, out)) {
        return errc::string_too_long;
    }
    put_u8(m.dest_addr_ton, out);
    put_u8(m.dest_addr_npi, out);
    if (!put_c_string(m.destination_addr, field_max::address, out)) {
        return errc::string_too_long;
    }
    put_u8(m.esm_class, out);
    put_u8(m.protocol_id, out);
    put_u8(m.priority_flag, out);
    if (!put_c_string(m.schedule_delivery_time, field_max::time, out) ||
        !put_c_string(m.validity_period, field_max::time, out)) {
        return errc::string_too_long;
    }
    put_u8(m.registered_delivery, out);
    put_u8(m.replace_if_present_flag, out);
    put_u8(m.data_coding, out);
    put_u8(m.sm_default_msg_id, out);
    if (m.short_message.size() > max_short_message) {
        return errc::bad_sm_length;
    }
    put_u8(static_cast<std::uint8_t>(m.short_message.size()), out);
    out.insert(out.end(), m.short_message.begin(), m.short_message.end());
    return put_tlvs(m.tlvs, out) ? error_code{} : errc::bad_tlv;
}

template <command_id Id>
error_code put_body(const header_only<Id>&, std::uint32_t, std::vector<std::uint8_t>&) {
    return {};
}

error_code put_body(const raw_body& r, std::uint32_t, std::vector<std::uint8_t>& out) {
    out.insert(out.end(), r.body.begin(), r.body.end());
    return {};
}

// The request types that have a response type of their own, mapped to it.
template <class Request>
struct response_of {
    using type = void;
};
template <command_id Id>
struct response_of<basic_bind<Id>> {
    using type = basic_bind_resp<response_id(Id)>;
};
template <command_id Id>
struct response_of<basic_sm<Id>> {
    using type = basic_sm_resp<response_id(Id)>;
};
template <command_id Id>
struct response_of<header_only<Id>> {
    using type = header_only<response_id(Id)>;
};

}  // namespace

result<void> encode(const pdu& p, std::vector<std::uint8_t>& out) {
    const std::size_t begin = out.size();
    put_u32(0, out);  // command_length, patched below
    put_u32(static_cast<std::uint32_t>(p.id()), out);
    put_u32(p.command_status, out);
    put_u32(p.sequence_number, out);
    error_code ec =
        std::visit([&](const auto& b) { return put_body(b, p.command_status, out); }, p.body);
    const std::size_t length = out.size() - begin;
    if (!ec && length > std::numeric_limits<std::uint32_t>::max()) {
        ec = errc::bad_command_length;
    }
    if (ec) {
        out.resize(begin);
        return ec;
    }
    for (std::size_t i = 0; i < 4; ++i) {
        out[begin + i] = static_cast<std::uint8_t>((length >> (24 - 8 * i)) & 0xFF);
    }
    return {};
}

std::optional<pdu> make_response(const pdu& request, std::uint32_t command_status) {
    if (is_response(request.id())) {
        return std::nullopt;
    }
    if (std::holds_alternative<raw_body>(request.body)) {
        return pdu{status::esme_rinvcmdid, request.sequence_number, generic_nack{}};
    }
    return std::visit(
        [&](const auto& b) -> std::optional<pdu> {
            using response = typename response_of<std::decay_t<decltype(b)>>::type;
            if constexpr (std::is_void_v<response>) {
                return std::nullopt;
            } else {
                return pdu{command_status, request.sequence_number, response{}};
            }
        },
        request.body);
}

std::optional<pdu> make_generic_nack(const rejection& r) {
    if (!r.header) {
        return std::nullopt;
    }
    return pdu{nack_status(r.reason), r.header->sequence_number, generic_nack{}};
}

}  // namespace alarmd::protocols::smpp
