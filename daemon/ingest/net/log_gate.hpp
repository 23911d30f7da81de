#pragma once
// Rejections are logged, but a peer that sends garbage in a loop must not flood the journal:
// at most `per_second` lines a second, and the next line says how many were left out.
#include <chrono>
#include <cstdint>
#include <utility>

namespace alarmd::ingest {

class log_gate {
public:
    bool allow() {
        const auto now = std::chrono::steady_clock::now();
        if (now - window_start_ >= std::chrono::seconds(1)) {
            window_start_ = now;
            lines_ = 0;
        }
        if (lines_ < per_second) {
            ++lines_;
            return true;
        }
        ++suppressed_;
        return false;
    }
    std::uint64_t take_suppressed() { return std::exchange(suppressed_, 0); }

private:
    static constexpr int per_second = 20;
    std::chrono::steady_clock::time_point window_start_{};
    int lines_ = 0;
    std::uint64_t suppressed_ = 0;
};

}  // namespace alarmd::ingest
