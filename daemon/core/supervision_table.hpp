#pragma once
// Link supervision bookkeeping, without timers: each watched device has an interval; silence
// past it puts the device in fault (once per silence), and its next message takes it out.
// Pure: `now` comes in; pipeline/supervision runs one timer for next_deadline(). Used for
// every source that supervises its devices (DC-09 panels, GB/T 26875.3 transmission devices).
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace alarmd::core {

class supervision_table {
public:
    using clock = std::chrono::steady_clock;
    using duration = std::chrono::milliseconds;

    // Starts watching a device (its silence counts from `now`), or changes its interval (the
    // silence keeps counting from its last message).
    void watch(const std::string& device, duration interval, clock::time_point now);
    void unwatch(const std::string& device);

    // A message came from the device: its silence starts again. True when it was in fault: the
    // caller records the restore. Unknown devices are ignored.
    [[nodiscard]] bool touch(const std::string& device, clock::time_point now);

    // The device is known to be in fault already (an open comm_fault incident found at start):
    // no second fault for this silence, and its next message restores it.
    void mark_fault(const std::string& device);

    // Devices silent for longer than their interval at `now`, each once per silence; they are in
    // fault from now on.
    [[nodiscard]] std::vector<std::string> expire(clock::time_point now);

    [[nodiscard]] std::optional<clock::time_point> next_deadline() const;
    [[nodiscard]] bool in_fault(const std::string& device) const;
    [[nodiscard]] std::optional<duration> interval_of(const std::string& device) const;
    [[nodiscard]] std::vector<std::string> devices() const;

private:
    struct watched {
        duration interval{};
        clock::time_point last;
        bool fault = false;
    };

    void schedule(const std::string& device, const watched& w);
    void unschedule(const std::string& device, const watched& w);

    std::unordered_map<std::string, watched> devices_;
    std::set<std::pair<clock::time_point, std::string>> deadlines_;  // devices not in fault
};

}  // namespace alarmd::core
