#include "daemon/core/supervision_table.hpp"

namespace alarmd::core {

void supervision_table::schedule(const std::string& device, const watched& w) {
    if (!w.fault) {
        deadlines_.emplace(w.last + w.interval, device);
    }
}

void supervision_table::unschedule(const std::string& device, const watched& w) {
    if (!w.fault) {
        deadlines_.erase({w.last + w.interval, device});
    }
}

void supervision_table::watch(const std::string& device, duration interval, clock::time_point now) {
    auto it = devices_.find(device);
    if (it == devices_.end()) {
        watched w{interval, now, false};
        schedule(device, w);
        devices_.emplace(device, w);
        return;
    }
    unschedule(device, it->second);
    it->second.interval = interval;
    schedule(device, it->second);
}

void supervision_table::unwatch(const std::string& device) {
    auto it = devices_.find(device);
    if (it == devices_.end()) {
        return;
    }
    unschedule(device, it->second);
    devices_.erase(it);
}

bool supervision_table::touch(const std::string& device, clock::time_point now) {
    auto it = devices_.find(device);
    if (it == devices_.end()) {
        return false;
    }
    auto& w = it->second;
    const bool was_fault = w.fault;
    unschedule(device, w);
    w.last = now;
    w.fault = false;
    schedule(device, w);
    return was_fault;
}

void supervision_table::mark_fault(const std::string& device) {
    auto it = devices_.find(device);
    if (it == devices_.end() || it->second.fault) {
        return;
    }
    unschedule(device, it->second);
    it->second.fault = true;
}

std::vector<std::string> supervision_table::expire(clock::time_point now) {
    std::vector<std::string> out;
    while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
        auto node = deadlines_.extract(deadlines_.begin());
        auto it = devices_.find(node.value().second);
        if (it != devices_.end()) {
            it->second.fault = true;
            out.push_back(it->first);
        }
    }
    return out;
}

std::optional<supervision_table::clock::time_point> supervision_table::next_deadline() const {
    if (deadlines_.empty()) {
        return std::nullopt;
    }
    return deadlines_.begin()->first;
}

bool supervision_table::in_fault(const std::string& device) const {
    auto it = devices_.find(device);
    return it != devices_.end() && it->second.fault;
}

std::optional<supervision_table::duration> supervision_table::interval_of(
    const std::string& device) const {
    auto it = devices_.find(device);
    if (it == devices_.end()) {
        return std::nullopt;
    }
    return it->second.interval;
}

std::vector<std::string> supervision_table::devices() const {
    std::vector<std::string> out;
    out.reserve(devices_.size());
    for (const auto& [id, w] : devices_) {
        out.push_back(id);
    }
    return out;
}

}  // namespace alarmd::core
