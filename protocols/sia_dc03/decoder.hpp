#pragma once
// SIA DC-03 payload decoder, independent of the DC-09 frame codec: call it on frame data.
#include <cstddef>
#include <string_view>

#include "protocols/common/result.hpp"
#include "protocols/sia_dc03/message.hpp"

namespace alarmd::protocols::sia_dc03 {

struct limits {
    std::size_t max_events = 64;  // events per message
};

// Empty data (and "#acct|" alone) decodes to a message without events.
[[nodiscard]] result<message> decode(std::string_view data, const limits& lim = {});

}  // namespace alarmd::protocols::sia_dc03
