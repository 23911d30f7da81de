#pragma once
// The application data unit: type (1) | object count n (1) | n objects (brief §6).
// Upstream types 1-8, 21, 24-26 and 28 decode into typed records; every other type (the
// centre's requests and commands, reserved and user-defined types) keeps its objects as bytes.
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "protocols/common/result.hpp"
#include "protocols/gb26875/frame.hpp"
#include "protocols/gb26875/status.hpp"

namespace alarmd::protocols::gb26875 {

// Type codes (类型标志), brief §6.1. Any byte value fits.
enum class app_type : std::uint8_t {
    system_state = 1,
    component_state = 2,
    analog_value = 3,
    system_operation = 4,
    system_software_version = 5,
    system_configuration = 6,
    component_configuration = 7,
    system_clock = 8,
    uitd_state = 21,
    uitd_operation = 24,
    uitd_software_version = 25,
    uitd_configuration = 26,
    uitd_clock = 28,
    read_system_state = 61,
    read_component_state = 62,
    read_analog_value = 63,
    read_system_operations = 64,
    read_system_software_version = 65,
    read_system_configuration = 66,
    read_component_configuration = 67,
    read_system_clock = 68,
    read_uitd_state = 81,
    read_uitd_operations = 84,
    read_uitd_software_version = 85,
    read_uitd_configuration = 86,
    read_uitd_clock = 88,
    initialise_uitd = 89,
    sync_uitd_clock = 90,
    inspect_operator = 91,
};

// Text fields below are GB18030 decoded to UTF-8, cut at the first NUL, trailing spaces removed.

struct system_state {  // type 1
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    system_status status;
    time_label time;
};

struct component_state {  // type 2
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    std::uint8_t component_type = 0;
    component_address address;
    component_status status;
    std::string description;  // 31 bytes on the wire
    time_label time;
};

struct analog_value {  // type 3
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    std::uint8_t component_type = 0;
    component_address address;
    std::uint8_t analog_type = 0;  // brief §6.6: 3 = temperature in 0.1 °C, ...
    std::int16_t value = 0;
    time_label time;
};

struct system_operation {  // type 4
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    operation_flags flags;
    std::uint8_t operator_id = 0;
    time_label time;
};

struct system_software_version {  // type 5
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
};

struct system_configuration {  // type 6
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    std::string description;  // length-prefixed on the wire
};

struct component_configuration {  // type 7
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    std::uint8_t component_type = 0;
    component_address address;
    std::string description;  // 31 bytes on the wire
};

struct system_clock {  // type 8
    std::uint8_t system_type = 0;
    std::uint8_t system_address = 0;
    time_label time;
};

struct uitd_state {  // type 21
    uitd_status status;
    time_label time;
};

struct uitd_operation {  // type 24
    uitd_operation_flags flags;
    std::uint8_t operator_id = 0;
    time_label time;
};

struct uitd_software_version {  // type 25
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
};

struct uitd_configuration {   // type 26
    std::string description;  // length-prefixed on the wire
};

struct uitd_clock {  // type 28
    time_label time;
};

// Any other type: the bytes after the count, as sent.
struct raw_objects {
    std::vector<std::uint8_t> payload;
};

using app_objects = std::variant<
    raw_objects, std::vector<system_state>, std::vector<component_state>, std::vector<analog_value>,
    std::vector<system_operation>, std::vector<system_software_version>,
    std::vector<system_configuration>, std::vector<component_configuration>,
    std::vector<system_clock>, std::vector<uitd_state>, std::vector<uitd_operation>,
    std::vector<uitd_software_version>, std::vector<uitd_configuration>, std::vector<uitd_clock>>;

struct app_data {
    app_type type = app_type::system_state;
    std::uint8_t count = 0;  // as sent; equals the record count for typed records
    app_objects objects;
};

// app_size when the unit is shorter than type + count, or when a typed unit's objects do not
// fill it exactly. The per-type maximum counts of the standard are not enforced: the unit's
// length (at most 1024) already bounds them, and devices send more (two type-5 records).
[[nodiscard]] result<app_data> decode_app_data(std::span<const std::uint8_t> unit);

}  // namespace alarmd::protocols::gb26875
