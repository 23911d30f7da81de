#pragma once
// Resource bounds of the SMPP 3.4 decoder, and the protocol's own field sizes.
#include <cstddef>

namespace alarmd::protocols::smpp {

// command_length, command_id, command_status, sequence_number: four big-endian u32.
inline constexpr std::size_t header_size = 16;

// Largest short_message (sm_length is one octet; 3.4 §5.2.21 allows 0-254).
inline constexpr std::size_t max_short_message = 254;

// C-octet string maxima, NUL included (3.4 §4). A string may hold at most max - 1 characters.
namespace field_max {
inline constexpr std::size_t system_id = 16;
inline constexpr std::size_t password = 9;
inline constexpr std::size_t system_type = 13;
inline constexpr std::size_t address_range = 41;
inline constexpr std::size_t service_type = 6;
inline constexpr std::size_t address = 21;  // source_addr, destination_addr
inline constexpr std::size_t time = 17;     // schedule_delivery_time, validity_period: "" or 16
inline constexpr std::size_t message_id = 65;
}  // namespace field_max

struct limits {
    // Largest accepted command_length, header included. Above it (or below header_size) the
    // PDU is rejected as soon as its header is in, without waiting for the bytes it announces.
    // 64 KiB holds a full message_payload; node-smpp stops at 16 KiB.
    std::size_t max_pdu_length = 64 * 1024;
};

}  // namespace alarmd::protocols::smpp
