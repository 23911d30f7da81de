#pragma once
// Optional parameters (3.4 §5.3): tag u16, length u16, value. A PDU keeps every TLV it received,
// in order, as raw bytes; the readers below interpret the ones the daemon looks at.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::protocols::smpp {

struct tlv {
    std::uint16_t tag = 0;
    std::vector<std::uint8_t> value;  // at most 65535 octets

    friend bool operator==(const tlv&, const tlv&) = default;
};
using tlv_list = std::vector<tlv>;

// Tags used by the SMS path (3.4 §5.3.2).
namespace tag {
inline constexpr std::uint16_t receipted_message_id = 0x001E;  // C-octet string
inline constexpr std::uint16_t sar_msg_ref_num = 0x020C;       // u16
inline constexpr std::uint16_t sar_total_segments = 0x020E;    // u8
inline constexpr std::uint16_t sar_segment_seqnum = 0x020F;    // u8
inline constexpr std::uint16_t sc_interface_version = 0x0210;  // u8 (bind_*_resp)
inline constexpr std::uint16_t network_error_code = 0x0423;    // type u8 + code u16
inline constexpr std::uint16_t message_payload = 0x0424;       // octets, instead of short_message
inline constexpr std::uint16_t message_state = 0x0427;         // u8, see receipt.hpp
}  // namespace tag

// The first TLV with `tag`, or nullptr.
[[nodiscard]] const tlv* find_tlv(const tlv_list& tlvs, std::uint16_t tag) noexcept;

// Typed reads of the first TLV with `tag`; nullopt when absent or of the wrong length.
[[nodiscard]] std::optional<std::uint8_t> tlv_u8(const tlv_list& tlvs, std::uint16_t tag);
[[nodiscard]] std::optional<std::uint16_t> tlv_u16(const tlv_list& tlvs, std::uint16_t tag);
// A C-octet string value: the octets before the first NUL (a missing NUL is tolerated).
[[nodiscard]] std::optional<std::string> tlv_c_string(const tlv_list& tlvs, std::uint16_t tag);

[[nodiscard]] tlv make_tlv_u8(std::uint16_t tag, std::uint8_t v);
[[nodiscard]] tlv make_tlv_u16(std::uint16_t tag, std::uint16_t v);
[[nodiscard]] tlv make_tlv_c_string(std::uint16_t tag, std::string_view s);  // NUL appended

}  // namespace alarmd::protocols::smpp
