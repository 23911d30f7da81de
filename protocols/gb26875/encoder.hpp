#pragma once
// Frame encoders: any frame, and the centre's confirm / deny answers. No clock inside: the time
// label of an answer is a parameter (the device's local time, as the centre keeps it).
#include <cstdint>
#include <span>
#include <vector>

#include "protocols/common/result.hpp"
#include "protocols/gb26875/frame.hpp"

namespace alarmd::protocols::gb26875 {

// Appends "@@", the control unit (app_length from the unit's real size), the unit, the checksum
// and "##". control.app_length and the frame's checksum field are ignored. bad_length when the
// unit is longer than protocol_max_app_length; nothing is appended then. Addresses keep their
// low 48 bits.
[[nodiscard]] result<void> encode(const control_unit& control, std::span<const std::uint8_t> app,
                                  std::vector<std::uint8_t>& out);
[[nodiscard]] result<void> encode(const frame& f, std::vector<std::uint8_t>& out);

// The answer to a received frame (brief §5): same serial and version, the received destination
// as source and the received source as destination, empty unit, command 3 (confirm) or 6 (deny).
[[nodiscard]] control_unit answer_control(const control_unit& received, command cmd,
                                          const time_label& now) noexcept;
[[nodiscard]] std::vector<std::uint8_t> make_confirm(const control_unit& received,
                                                     const time_label& now);
[[nodiscard]] std::vector<std::uint8_t> make_deny(const control_unit& received,
                                                  const time_label& now);

}  // namespace alarmd::protocols::gb26875
