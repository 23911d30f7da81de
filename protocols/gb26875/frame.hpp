#pragma once
// A GB/T 26875.3 frame, and what the decoder returns when it rejects bytes.
//
//   "@@" | serial u16 | version main, user | time (6) | source (6) | destination (6) |
//   app length u16 | command | application unit (N) | checksum | "##"
//
// Every multi-byte integer is little-endian. The 25 bytes from serial to command are the
// control unit; the checksum is the low 8 bits of the sum of control unit + application unit.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "protocols/common/result.hpp"
#include "protocols/gb26875/limits.hpp"

namespace alarmd::protocols::gb26875 {

// Command byte (brief §4). Any byte value fits: 128-255 are vendor commands.
enum class command : std::uint8_t {
    reserved = 0,
    control = 1,    // centre -> device: initialise, clock sync, inspection
    send_data = 2,  // device -> centre: states, alarms; heartbeat with an empty unit
    confirm = 3,
    request = 4,  // centre -> device queries
    response = 5,
    deny = 6,
};

// 0 and 7-127 are reserved: a frame carrying one is answered with a deny.
[[nodiscard]] constexpr bool is_valid_command(std::uint8_t c) noexcept {
    return (c >= 1 && c <= 6) || c >= 128;
}

// Six binary bytes (not BCD) in the device's local time, no time zone. Not validated: devices
// with an unset clock send zeros, and the frame is still answered.
struct time_label {
    std::uint8_t second = 0;
    std::uint8_t minute = 0;
    std::uint8_t hour = 0;
    std::uint8_t day = 0;
    std::uint8_t month = 0;
    std::uint8_t year = 0;  // 0-99, add 2000

    friend bool operator==(const time_label&, const time_label&) = default;
};
inline constexpr std::size_t time_label_size = 6;

[[nodiscard]] time_label read_time_label(std::span<const std::uint8_t, time_label_size> b) noexcept;
// "2012-09-26 09:58:32", fields printed as they are (no range check).
[[nodiscard]] std::string to_text(const time_label& t);

// Addresses are 48-bit little-endian integers on the wire.
inline constexpr std::uint64_t max_address = 0xFFFF'FFFF'FFFF;
// 12 upper-case hex digits, most significant first: the form `devices[].address` takes.
[[nodiscard]] std::string address_text(std::uint64_t address);

struct control_unit {
    std::uint16_t serial = 0;
    std::uint8_t version_main = 1;  // the standard fixes 1; other values accepted (brief §2)
    std::uint8_t version_user = 1;
    time_label time;
    std::uint64_t source = 0;       // 48 bits
    std::uint64_t destination = 0;  // 48 bits
    std::uint16_t app_length = 0;   // N, as read (encode() writes the real size)
    command cmd = command::send_data;

    friend bool operator==(const control_unit&, const control_unit&) = default;
};
inline constexpr std::size_t control_unit_size = 25;

struct frame {
    control_unit control;
    std::vector<std::uint8_t> app_data;  // the application data unit, see app_data.hpp
    std::uint8_t checksum = 0;           // as received (encode() computes its own)

    // Command 2 with an empty unit: the device's heartbeat, answered with a confirm.
    [[nodiscard]] bool is_heartbeat() const noexcept {
        return control.cmd == command::send_data && app_data.empty();
    }
};

// A rejection is data: the reason, and the control unit when it could be read, so the centre
// can answer with a deny (same serial, addresses swapped) and carry on.
struct rejection {
    error_code reason;
    std::optional<control_unit> control;
    std::size_t skipped = 0;  // errc::garbage: bytes dropped before the next "@@"
};

// Note: in Boost 1.81, result::error() returns the rejection by value; bind it to a local.
using decoded = result<frame, rejection>;

// Found by ADL when decoded::value() is called on a rejection: throws system_error(reason).
[[noreturn]] void throw_exception_from_error(const rejection& r, const boost::source_location& loc);

// Sum of the bytes, low 8 bits.
[[nodiscard]] std::uint8_t checksum(std::span<const std::uint8_t> bytes) noexcept;

// One whole frame, nothing before or after it. Checks in this order: at least 30 bytes
// (truncated), "@@" (bad_start), length limit (bad_length), 30 + N bytes present (truncated),
// "##" (bad_end), nothing after "##" (bad_length), checksum, command.
[[nodiscard]] decoded parse_frame(std::span<const std::uint8_t> bytes, const limits& lim = {});

namespace detail {

// The control unit at bytes[2..26] (bytes must hold at least 27).
[[nodiscard]] control_unit read_control_unit(std::span<const std::uint8_t> bytes) noexcept;

// bytes = exactly 30 + N with "@@" checked and N within limits: checks end, checksum, command.
[[nodiscard]] decoded finish_frame(std::span<const std::uint8_t> bytes, const control_unit& cu);

}  // namespace detail
}  // namespace alarmd::protocols::gb26875
