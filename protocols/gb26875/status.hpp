#pragma once
// Status words and operation flags of GB/T 26875.3 (brief §6.5), as named bits. bit0 is the
// least significant. Devices often leave bit0 = 0 ("test") in real alarms: key alarm logic on
// the other bits and report test() only as an attribute.
#include <cstdint>

namespace alarmd::protocols::gb26875 {

// Type 1: state of a building fire-facility system (2 bytes).
struct system_status {
    std::uint16_t bits = 0;

    [[nodiscard]] constexpr bool test() const noexcept { return (bits & 0x0001) == 0; }
    [[nodiscard]] constexpr bool fire_alarm() const noexcept { return (bits & 0x0002) != 0; }
    [[nodiscard]] constexpr bool fault() const noexcept { return (bits & 0x0004) != 0; }
    [[nodiscard]] constexpr bool shielded() const noexcept { return (bits & 0x0008) != 0; }
    [[nodiscard]] constexpr bool supervisory() const noexcept { return (bits & 0x0010) != 0; }
    [[nodiscard]] constexpr bool started() const noexcept { return (bits & 0x0020) != 0; }
    [[nodiscard]] constexpr bool feedback() const noexcept { return (bits & 0x0040) != 0; }
    [[nodiscard]] constexpr bool delay() const noexcept { return (bits & 0x0080) != 0; }
    [[nodiscard]] constexpr bool main_power_fault() const noexcept { return (bits & 0x0100) != 0; }
    [[nodiscard]] constexpr bool backup_power_fault() const noexcept {
        return (bits & 0x0200) != 0;
    }
    [[nodiscard]] constexpr bool bus_fault() const noexcept { return (bits & 0x0400) != 0; }
    [[nodiscard]] constexpr bool manual() const noexcept { return (bits & 0x0800) != 0; }
    [[nodiscard]] constexpr bool config_changed() const noexcept { return (bits & 0x1000) != 0; }
    [[nodiscard]] constexpr bool reset() const noexcept { return (bits & 0x2000) != 0; }

    friend constexpr bool operator==(system_status, system_status) = default;
};

// Type 2: state of one component (2 bytes; bits 9-15 reserved).
struct component_status {
    std::uint16_t bits = 0;

    [[nodiscard]] constexpr bool test() const noexcept { return (bits & 0x0001) == 0; }
    [[nodiscard]] constexpr bool fire_alarm() const noexcept { return (bits & 0x0002) != 0; }
    [[nodiscard]] constexpr bool fault() const noexcept { return (bits & 0x0004) != 0; }
    [[nodiscard]] constexpr bool shielded() const noexcept { return (bits & 0x0008) != 0; }
    [[nodiscard]] constexpr bool supervisory() const noexcept { return (bits & 0x0010) != 0; }
    [[nodiscard]] constexpr bool started() const noexcept { return (bits & 0x0020) != 0; }
    [[nodiscard]] constexpr bool feedback() const noexcept { return (bits & 0x0040) != 0; }
    [[nodiscard]] constexpr bool delay() const noexcept { return (bits & 0x0080) != 0; }
    [[nodiscard]] constexpr bool power_fault() const noexcept { return (bits & 0x0100) != 0; }

    friend constexpr bool operator==(component_status, component_status) = default;
};

// Type 21: state of the user information transmission device (1 byte).
struct uitd_status {
    std::uint8_t bits = 0;

    [[nodiscard]] constexpr bool test() const noexcept { return (bits & 0x01) == 0; }
    [[nodiscard]] constexpr bool fire_alarm() const noexcept { return (bits & 0x02) != 0; }
    [[nodiscard]] constexpr bool fault() const noexcept { return (bits & 0x04) != 0; }
    [[nodiscard]] constexpr bool main_power_fault() const noexcept { return (bits & 0x08) != 0; }
    [[nodiscard]] constexpr bool backup_power_fault() const noexcept { return (bits & 0x10) != 0; }
    // The communication channel to the centre.
    [[nodiscard]] constexpr bool channel_fault() const noexcept { return (bits & 0x20) != 0; }
    // The monitored connection line (to the fire alarm panel).
    [[nodiscard]] constexpr bool line_fault() const noexcept { return (bits & 0x40) != 0; }

    friend constexpr bool operator==(uitd_status, uitd_status) = default;
};

// The operation bits types 4 and 24 share; bit 5 differs between them (see below).
struct operation_bits {
    std::uint8_t bits = 0;

    [[nodiscard]] constexpr bool reset() const noexcept { return (bits & 0x01) != 0; }
    [[nodiscard]] constexpr bool silence() const noexcept { return (bits & 0x02) != 0; }
    [[nodiscard]] constexpr bool manual_alarm() const noexcept { return (bits & 0x04) != 0; }
    [[nodiscard]] constexpr bool alarm_cleared() const noexcept { return (bits & 0x08) != 0; }
    [[nodiscard]] constexpr bool self_test() const noexcept { return (bits & 0x10) != 0; }
    [[nodiscard]] constexpr bool test() const noexcept { return (bits & 0x40) != 0; }

    friend constexpr bool operator==(operation_bits, operation_bits) = default;
};

// Type 4: an operation on a fire-facility system; bit 5 is an acknowledgement (确认).
struct operation_flags : operation_bits {
    [[nodiscard]] constexpr bool acknowledge() const noexcept { return (bits & 0x20) != 0; }

    friend constexpr bool operator==(operation_flags, operation_flags) = default;
};

// Type 24: an operation on the UITD; bit 5 is the answer to an inspection (查岗应答).
struct uitd_operation_flags : operation_bits {
    [[nodiscard]] constexpr bool inspection_answered() const noexcept { return (bits & 0x20) != 0; }

    friend constexpr bool operator==(uitd_operation_flags, uitd_operation_flags) = default;
};

// Component address: a raw u32 (little-endian on the wire). The document reads the low 16 bits
// as the zone/loop and the high 16 bits as the point ("0A 00 02 00" = loop 10, point 2);
// vendors differ, so the raw value is kept.
struct component_address {
    std::uint32_t raw = 0;

    [[nodiscard]] constexpr std::uint16_t loop() const noexcept {
        return static_cast<std::uint16_t>(raw & 0xFFFF);
    }
    [[nodiscard]] constexpr std::uint16_t point() const noexcept {
        return static_cast<std::uint16_t>(raw >> 16);
    }

    friend constexpr bool operator==(component_address, component_address) = default;
};

// System type codes (brief §6.3) that the codec names; other values are kept as numbers.
namespace system_type {
inline constexpr std::uint8_t general = 0;
inline constexpr std::uint8_t fire_alarm = 1;
inline constexpr std::uint8_t linkage_controller = 10;
inline constexpr std::uint8_t hydrant = 11;
inline constexpr std::uint8_t sprinkler = 12;
inline constexpr std::uint8_t gas_extinguishing = 13;
inline constexpr std::uint8_t fire_power_supply = 23;
inline constexpr std::uint8_t fire_telephone = 24;
}  // namespace system_type

// English name of a system type code (brief §6.3), "reserved" / "user defined" otherwise.
[[nodiscard]] const char* system_type_name(std::uint8_t code) noexcept;
// English name of a component type code (brief §6.4), "reserved" / "user defined" otherwise.
[[nodiscard]] const char* component_type_name(std::uint8_t code) noexcept;

}  // namespace alarmd::protocols::gb26875
