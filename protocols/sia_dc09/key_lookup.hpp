#pragma once
// How the decoder gets AES keys without owning configuration: the daemon maps an account (as
// sent in the plain '#acct' header field, case preserved) to the raw key bytes (16, 24 or 32).
// Whether the configured key is hex or ASCII is the daemon's business (§8 of the brief).
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace alarmd::protocols::sia_dc09 {

using key_lookup =
    std::function<std::optional<std::vector<std::uint8_t>>(std::string_view account)>;

}  // namespace alarmd::protocols::sia_dc09
