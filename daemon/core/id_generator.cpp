#include "daemon/core/id_generator.hpp"

#include <charconv>

namespace alarmd::core {

std::string id_generator::next(std::string_view prefix, time_point now) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
    // A clock stepping back must not reissue an id: stay on the last millisecond and count up.
    if (ms > last_ms_) {
        last_ms_ = ms;
        seq_ = 0;
    } else {
        ++seq_;
    }
    // One allocation: this runs for every event and every incident.
    char digits[48];
    char* end = std::to_chars(digits, digits + 24, last_ms_).ptr;
    *end++ = '-';
    end = std::to_chars(end, digits + sizeof digits, seq_).ptr;
    std::string id;
    id.reserve(prefix.size() + 1 + static_cast<std::size_t>(end - digits));
    id.append(prefix).append("-").append(digits, end);
    return id;
}

}  // namespace alarmd::core
