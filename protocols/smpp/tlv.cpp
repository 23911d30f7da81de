#include "protocols/smpp/tlv.hpp"

#include <algorithm>

namespace alarmd::protocols::smpp {

const tlv* find_tlv(const tlv_list& tlvs, std::uint16_t tag) noexcept {
    const auto it =
        std::find_if(tlvs.begin(), tlvs.end(), [&](const tlv& t) { return t.tag == tag; });
    return it == tlvs.end() ? nullptr : &*it;
}

std::optional<std::uint8_t> tlv_u8(const tlv_list& tlvs, std::uint16_t tag) {
    const tlv* t = find_tlv(tlvs, tag);
    if (t == nullptr || t->value.size() != 1) {
        return std::nullopt;
    }
    return t->value[0];
}

std::optional<std::uint16_t> tlv_u16(const tlv_list& tlvs, std::uint16_t tag) {
    const tlv* t = find_tlv(tlvs, tag);
    if (t == nullptr || t->value.size() != 2) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>((t->value[0] << 8) | t->value[1]);
}

std::optional<std::string> tlv_c_string(const tlv_list& tlvs, std::uint16_t tag) {
    const tlv* t = find_tlv(tlvs, tag);
    if (t == nullptr) {
        return std::nullopt;
    }
    const auto end = std::find(t->value.begin(), t->value.end(), std::uint8_t{0});
    return std::string(t->value.begin(), end);
}

tlv make_tlv_u8(std::uint16_t tag, std::uint8_t v) {
    return {tag, {v}};
}

tlv make_tlv_u16(std::uint16_t tag, std::uint16_t v) {
    return {tag, {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xFF)}};
}

tlv make_tlv_c_string(std::uint16_t tag, std::string_view s) {
    tlv t{tag, std::vector<std::uint8_t>(s.begin(), s.end())};
    t.value.push_back(0);
    return t;
}

}  // namespace alarmd::protocols::smpp
