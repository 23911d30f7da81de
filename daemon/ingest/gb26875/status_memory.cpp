#include "daemon/ingest/gb26875/status_memory.hpp"

namespace alarmd::ingest {

std::uint16_t status_memory::get(const std::string& device, const std::string& zone) const {
    auto d = devices_.find(device);
    if (d == devices_.end()) {
        return 0;
    }
    auto z = d->second.find(zone);
    return z == d->second.end() ? 0 : z->second;
}

bool status_memory::set(const std::string& device, const std::string& zone, std::uint16_t bits) {
    auto d = devices_.find(device);
    if (bits == 0) {
        if (d != devices_.end() && d->second.erase(zone) > 0) {
            --size_;
            if (d->second.empty()) {
                devices_.erase(d);
            }
        }
        return true;
    }
    if (d != devices_.end()) {
        if (auto z = d->second.find(zone); z != d->second.end()) {
            z->second = bits;
            return true;
        }
    }
    if (size_ >= capacity_) {
        return false;
    }
    devices_[device].emplace(zone, bits);
    ++size_;
    return true;
}

void status_memory::for_each(
    const std::string& device,
    const std::function<void(const std::string& zone, std::uint16_t bits)>& fn) const {
    auto d = devices_.find(device);
    if (d == devices_.end()) {
        return;
    }
    for (const auto& [zone, bits] : d->second) {
        fn(zone, bits);
    }
}

}  // namespace alarmd::ingest
