#include "protocols/smpp/receipt.hpp"

#include <array>
#include <cctype>

#include "protocols/smpp/error.hpp"

namespace alarmd::protocols::smpp {
namespace {

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The text's keys, with the receipt field each fills (stat: fills the state). text: is handled
// apart: it runs to the end of the text, spaces included.
struct key {
    std::string_view name;
    std::string receipt::*field;  // nullptr: stat:
};
const std::array<key, 9> keys{{
    {"id:", &receipt::message_id},
    {"sub:", &receipt::sub},
    {"dlvrd:", &receipt::dlvrd},
    {"submit date:", &receipt::submit_date},
    {"submit_date:", &receipt::submit_date},
    {"done date:", &receipt::done_date},
    {"done_date:", &receipt::done_date},
    {"stat:", nullptr},
    {"err:", &receipt::err},
}};

std::string_view strip_zeros(std::string_view s) noexcept {
    while (!s.empty() && s.front() == '0') {
        s.remove_prefix(1);
    }
    return s;
}

// s (leading zeros stripped) as a number in `base` (10 or 16); nullopt when not all digits of
// that base or too long for 64 bits.
std::optional<std::uint64_t> number(std::string_view s, unsigned base) noexcept {
    s = strip_zeros(s);
    if (s.size() > (base == 16 ? 16u : 19u)) {
        return std::nullopt;
    }
    std::uint64_t v = 0;
    for (const char c : s) {
        unsigned d = 0;
        if (c >= '0' && c <= '9') {
            d = static_cast<unsigned>(c - '0');
        } else if (base == 16 && lower(c) >= 'a' && lower(c) <= 'f') {
            d = static_cast<unsigned>(lower(c) - 'a' + 10);
        } else {
            return std::nullopt;
        }
        v = v * base + d;
    }
    return v;
}

}  // namespace

std::optional<message_state> state_from_stat(std::string_view stat) noexcept {
    struct name {
        std::string_view text;
        message_state state;
    };
    static constexpr std::array<name, 14> names{{
        {"DELIVRD", message_state::delivered},
        {"DELIVERED", message_state::delivered},
        {"EXPIRED", message_state::expired},
        {"DELETED", message_state::deleted},
        {"UNDELIV", message_state::undeliverable},
        {"UNDELIVERABLE", message_state::undeliverable},
        {"ACCEPTD", message_state::accepted},
        {"ACCEPTED", message_state::accepted},
        {"UNKNOWN", message_state::unknown},
        {"REJECTD", message_state::rejected},
        {"REJECTED", message_state::rejected},
        {"ENROUTE", message_state::enroute},
        {"EXPIRD", message_state::expired},
        {"DELETD", message_state::deleted},
    }};
    for (const name& n : names) {
        if (iequals(stat, n.text)) {
            return n.state;
        }
    }
    return std::nullopt;
}

namespace {

// Every field the text has; the message id may be empty.
receipt read_text(std::string_view s) {
    receipt r;
    bool have_stat = false;
    std::size_t pos = 0;
    while (pos < s.size()) {
        if (is_space(s[pos])) {
            ++pos;
            continue;
        }
        const std::string_view rest = s.substr(pos);
        if (istarts_with(rest, "text:")) {
            r.text = std::string(rest.substr(5));
            break;
        }
        std::size_t value_begin = pos;  // the token itself when no key matches
        const key* matched = nullptr;
        for (const key& k : keys) {
            if (istarts_with(rest, k.name)) {
                matched = &k;
                value_begin = pos + k.name.size();
                break;
            }
        }
        std::size_t end = value_begin;
        while (end < s.size() && !is_space(s[end])) {
            ++end;
        }
        const std::string_view value = s.substr(value_begin, end - value_begin);
        pos = end;
        if (matched == nullptr) {
            continue;  // a key this reader does not know, or stray text
        }
        if (matched->field == nullptr) {
            if (!have_stat) {
                have_stat = true;
                r.state = state_from_stat(value).value_or(message_state::unknown);
            }
            continue;
        }
        std::string& field = r.*(matched->field);
        if (field.empty()) {
            field = std::string(value);  // the first occurrence wins
        }
    }
    return r;
}

}  // namespace

result<receipt> parse_receipt_text(std::string_view s) {
    receipt r = read_text(s);
    if (r.message_id.empty()) {
        return errc::bad_receipt;
    }
    return r;
}

result<receipt> parse_receipt(const deliver_sm& m) {
    if (!is_receipt(m.esm_class)) {
        return errc::not_a_receipt;
    }
    const std::vector<std::uint8_t>* text = &m.short_message;
    const tlv* payload = find_tlv(m.tlvs, tag::message_payload);
    if (text->empty() && payload != nullptr) {
        text = &payload->value;
    }
    const std::string_view view{reinterpret_cast<const char*>(text->data()), text->size()};
    receipt r = read_text(view);
    if (auto id = tlv_c_string(m.tlvs, tag::receipted_message_id); id && !id->empty()) {
        r.message_id = std::move(*id);
    }
    if (const auto state = tlv_u8(m.tlvs, tag::message_state);
        state && *state >= 1 && *state <= 8) {
        r.state = static_cast<message_state>(*state);
    }
    if (const tlv* t = find_tlv(m.tlvs, tag::network_error_code); t && t->value.size() == 3) {
        r.network_error = network_error{
            t->value[0], static_cast<std::uint16_t>((t->value[1] << 8) | t->value[2])};
    }
    if (r.message_id.empty()) {
        return errc::bad_receipt;
    }
    return r;
}

bool message_ids_match(std::string_view submitted, std::string_view receipted) {
    if (submitted.empty() || receipted.empty()) {
        return false;
    }
    if (iequals(strip_zeros(submitted), strip_zeros(receipted))) {
        return true;
    }
    const auto cross = [](std::string_view hex, std::string_view dec) {
        const auto h = number(hex, 16);
        const auto d = number(dec, 10);
        return h && d && *h == *d;
    };
    return cross(submitted, receipted) || cross(receipted, submitted);
}

}  // namespace alarmd::protocols::smpp
