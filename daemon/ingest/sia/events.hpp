#pragma once
// What an accepted DC-09 frame means: its Contact ID or SIA DC-03 data turned into normalized
// events for the device of its account (the mapping is sia_code_map). Pure: no I/O, no clock.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/core/event.hpp"
#include "protocols/common/result.hpp"
#include "protocols/sia_dc09/frame.hpp"

namespace alarmd::ingest {

// The events of one frame, with source, device, zone, category, kind, code, severity, text,
// raw and (when the frame has a timestamp) occurred_at set; no id and no location yet. NULL
// frames and SIA-DCS frames without event blocks carry none. An error is a Contact ID or DC-03
// payload that did not decode (answered with DUH). Unknown codes are events too.
[[nodiscard]] result<std::vector<core::event>> events_of(const protocols::sia_dc09::frame& f,
                                                         const config::device& dev,
                                                         std::string_view raw);

// What identifies "the same message" for the retry cache: token, data and extended blocks (not
// the timestamp, which a panel may renew on a retry, and not the encryption pad).
[[nodiscard]] std::uint64_t sia_frame_digest(const protocols::sia_dc09::frame& f);

// The configured zone id for a number sent by the panel: exact ("003"), else the same number
// written differently ("003" is zone "3" when the config says "3"), else the number as sent.
[[nodiscard]] std::string zone_id(const config::device& dev, std::string_view number);

}  // namespace alarmd::ingest
