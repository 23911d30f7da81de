#include "daemon/core/id_generator.hpp"

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
    std::string id(prefix);
    id.append("-").append(std::to_string(last_ms_)).append("-").append(std::to_string(seq_));
    return id;
}

}  // namespace alarmd::core
