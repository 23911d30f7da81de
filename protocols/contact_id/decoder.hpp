#pragma once
// Contact ID payload decoder, independent of the DC-09 frame codec: call it on frame data.
#include <string_view>

#include "protocols/common/result.hpp"
#include "protocols/contact_id/event.hpp"

namespace alarmd::protocols::contact_id {

// Accepts "#acct|QEEE GG CCC", "|QEEE GG CCC" and "QEEE GG CCC".
[[nodiscard]] result<event> decode(std::string_view data);

}  // namespace alarmd::protocols::contact_id
