#include "daemon/ingest/net/retry_cache.hpp"

#include <algorithm>

namespace alarmd::ingest {
void retry_cache::add(std::uint64_t& h, std::string_view bytes) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    h ^= 0xFF;  // field separator that no field byte sequence can fake
    h *= 0x100000001b3ULL;
}

retry_cache::state retry_cache::begin(const std::string& account, std::uint16_t seq,
                                      std::uint64_t digest, clock::time_point now, waiter w) {
    auto& list = accounts_[account];
    // Forget what is old (answered ones only: a pending entry is still someone's answer).
    std::erase_if(list, [&](const entry& e) {
        return e.waiters.empty() && now - e.at > limits_.keep && e.durable;
    });
    for (auto& e : list) {
        if (e.seq == seq && e.digest == digest) {
            if (e.durable) {
                return state::durable;
            }
            if (w) {
                e.waiters.push_back(std::move(w));
            }
            return state::pending;
        }
    }
    std::vector<waiter> evicted;
    if (list.size() >= std::max<std::size_t>(limits_.per_account, 1)) {
        // The oldest goes; whoever waited on it hears "not durable" and stays unanswered (the
        // panel retries).
        evicted = std::move(list.front().waiters);
        list.pop_front();
    }
    list.push_back(entry{seq, digest, false, now, {}});
    for (auto& fn : evicted) {
        fn(false);
    }
    return state::fresh;
}

void retry_cache::finish(const std::string& account, std::uint16_t seq, std::uint64_t digest,
                         bool durable, clock::time_point now) {
    auto ait = accounts_.find(account);
    if (ait == accounts_.end()) {
        return;
    }
    auto& list = ait->second;
    auto it = std::find_if(list.begin(), list.end(), [&](const entry& e) {
        return e.seq == seq && e.digest == digest && !e.durable;
    });
    if (it == list.end()) {
        return;
    }
    auto waiters = std::move(it->waiters);
    if (durable) {
        it->durable = true;
        it->at = now;
        it->waiters.clear();
    } else {
        list.erase(it);
    }
    for (auto& fn : waiters) {
        fn(durable);
    }
}

std::size_t retry_cache::size() const {
    std::size_t n = 0;
    for (const auto& [a, list] : accounts_) {
        n += list.size();
    }
    return n;
}

}  // namespace alarmd::ingest
