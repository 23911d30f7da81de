#pragma once
// Recently received messages per sender (a DC-09 account, a GB/T 26875.3 device), so that a
// device that did not hear its answer and sends the same message again (same sequence or serial
// number, same content) is answered again without a second event, and a copy that arrives while
// the first is still being stored waits for the first one's outcome. Protocol-neutral: each
// receiver says what "the same content" is through the digest it passes. Bounded: a few entries
// per sender (senders are configured devices only), forgotten after a while. Pure: `now` comes in.
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace alarmd::ingest {

class retry_cache {
public:
    using clock = std::chrono::steady_clock;
    // Called once with whether the first copy became durable.
    using waiter = std::function<void(bool durable)>;

    struct limits {
        std::size_t per_account = 32;    // sequence numbers remembered per sender
        std::chrono::seconds keep{120};  // panels retry within seconds to a minute
    };

    enum class state {
        fresh,    // not seen: recorded as pending; ingest it, then call finish()
        pending,  // the first copy is still being stored: `w` is called with its outcome
        durable,  // stored already: answer ACK, ingest nothing
    };

    retry_cache() = default;
    explicit retry_cache(limits lim) : limits_(lim) {}

    // `account`: the sender, one spelling; `digest` built with add(). `w` is kept only when the
    // answer is pending.
    [[nodiscard]] state begin(const std::string& account, std::uint16_t seq, std::uint64_t digest,
                              clock::time_point now, waiter w = {});

    // The first copy was stored (durable) or not; not durable forgets it, so the panel's next
    // copy is ingested again (the correlator folds it as a duplicate). Runs the waiters.
    void finish(const std::string& account, std::uint16_t seq, std::uint64_t digest, bool durable,
                clock::time_point now);

    // FNV-1a over fields, each closed by a separator no field can fake: start with `offset`,
    // add each field of what identifies "the same message".
    static constexpr std::uint64_t offset = 0xcbf29ce484222325ULL;
    static void add(std::uint64_t& digest, std::string_view field);

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
