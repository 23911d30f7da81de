#include "daemon/ctl/local_time.hpp"

#include <array>
#include <chrono>
#include <ctime>

#include "daemon/core/event.hpp"

namespace alarmd::ctl {

std::string local_time_text(std::string_view rfc3339) {
    // The daemon's own grammar (core::parse_time): one parser for both sides of the API.
    const auto parsed = core::parse_time(rfc3339);
    if (!parsed) {
        return std::string(rfc3339);
    }
    const std::time_t t = std::chrono::system_clock::to_time_t(
        std::chrono::time_point_cast<std::chrono::system_clock::duration>(*parsed));
    std::tm local{};
    if (::localtime_r(&t, &local) == nullptr) {
        return std::string(rfc3339);
    }
    std::array<char, 64> buf{};
    const auto n = std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M:%S %Z", &local);
    return n == 0 ? std::string(rfc3339) : std::string(buf.data(), n);
}

}  // namespace alarmd::ctl
