#pragma once
// Recently received messages per account, so that a panel that did not hear its ACK and sends
// the same message again (same sequence number, same content) is ACKed again without a second
// event. Bounded: a few entries per account, forgotten after a while. Pure: `now` comes in.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocols/sia_dc09/frame.hpp"

namespace alarmd::ingest {

class sia_retry_cache {
public:
    using clock = std::chrono::steady_clock;
    // Called once with whether the first copy became durable.
    using waiter = std::function<void(bool durable)>;

    struct limits {
        std::size_t per_account = 32;    // sequence numbers remembered per account
        std::chrono::seconds keep{120};  // panels retry within seconds to a minute
    };

    enum class state {
        fresh,    // not seen: recorded as pending; ingest it, then call finish()
        pending,  // the first copy is still being stored: `w` is called with its outcome
        durable,  // stored already: answer ACK, ingest nothing
    };

    sia_retry_cache() = default;
    explicit sia_retry_cache(limits lim) : limits_(lim) {}

    // `account` upper-case; `digest` from digest(). `w` is kept only when the answer is pending.
    [[nodiscard]] state begin(const std::string& account, std::uint16_t seq, std::uint64_t digest,
                              clock::time_point now, waiter w = {});

    // The first copy was stored (durable) or not; not durable forgets it, so the panel's next
    // copy is ingested again (the correlator folds it as a duplicate). Runs the waiters.
    void finish(const std::string& account, std::uint16_t seq, std::uint64_t digest, bool durable,
                clock::time_point now);

    // What identifies "the same message": token, data and extended blocks (not the timestamp,
    // which a panel may renew on a retry, and not the encryption pad).
    [[nodiscard]] static std::uint64_t digest(const protocols::sia_dc09::frame& f);

    [[nodiscard]] std::size_t size() const;

private:
    struct entry {
        std::uint16_t seq = 0;
        std::uint64_t digest = 0;
        bool durable = false;
        clock::time_point at;
        std::vector<waiter> waiters;
    };

    limits limits_;
    std::unordered_map<std::string, std::deque<entry>> accounts_;
};

}  // namespace alarmd::ingest
