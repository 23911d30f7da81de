#include "protocols/sia_dc09/token.hpp"

namespace alarmd::protocols::sia_dc09 {

message_type classify(std::string_view id) noexcept {
    if (id == "SIA-DCS") {
        return message_type::sia_dcs;
    }
    if (id == "ADM-CID") {
        return message_type::adm_cid;
    }
    if (id == "NULL") {
        return message_type::null_message;
    }
    if (id == "ACK") {
        return message_type::ack;
    }
    if (id == "NAK") {
        return message_type::nak;
    }
    if (id == "DUH") {
        return message_type::duh;
    }
    if (id == "RSP") {
        return message_type::rsp;
    }
    return message_type::other;
}

bool is_event(message_type t) noexcept {
    return t == message_type::sia_dcs || t == message_type::adm_cid ||
           t == message_type::null_message;
}

bool is_response(message_type t) noexcept {
    return t == message_type::ack || t == message_type::nak || t == message_type::duh ||
           t == message_type::rsp;
}

}  // namespace alarmd::protocols::sia_dc09
