#pragma once
// The last status word of every GB/T 26875.3 component, system and transmission device that is
// not all clear, so a report is turned into what changed (alarm, restore, fault, fault_restore).
// A clear status is not kept: memory grows only with what is in alarm or fault, and is bounded
// (`capacity`): past it a new non-clear status is not remembered (its alarm is still raised,
// its restore then arrives as an unchanged clear report and is not seen; logged by the caller).
// After a restart it is seeded from the open incidents. Pure: no I/O.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace alarmd::ingest {

class status_memory {
public:
    explicit status_memory(std::size_t capacity = 65536) : capacity_(capacity) {}

    // The remembered bits of a zone of a device, 0 when clear or unknown.
    [[nodiscard]] std::uint16_t get(const std::string& device, const std::string& zone) const;
    // Remembers `bits` (0 forgets). False when it could not be remembered (full).
    bool set(const std::string& device, const std::string& zone, std::uint16_t bits);
    // The zones of a device with non-clear bits, `fn(zone, bits)`; whether `zone` is in scope is
    // the caller's filter.
    void for_each(const std::string& device,
                  const std::function<void(const std::string& zone, std::uint16_t bits)>& fn) const;

    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::size_t capacity() const { return capacity_; }

private:
    std::size_t capacity_;
    std::size_t size_ = 0;
    std::unordered_map<std::string, std::unordered_map<std::string, std::uint16_t>> devices_;
};

}  // namespace alarmd::ingest
