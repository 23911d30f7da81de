#pragma once
// Ids that sort by creation time and stay unique across restarts without a Redis round trip
// (so an alarm can be dispatched while Redis is down): "<prefix>-<unix ms>-<n>".
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/core/event.hpp"

namespace alarmd::core {

class id_generator {
public:
    [[nodiscard]] std::string next(std::string_view prefix, time_point now);

private:
    std::int64_t last_ms_ = 0;
    std::uint32_t seq_ = 0;
};

}  // namespace alarmd::core
