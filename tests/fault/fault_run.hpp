#pragma once
// The fault run: the built alarmd under DC-09 and HTTP load, with panels and senders that retry
// what was not acknowledged, a guard console that reconnects and resumes, while alarmd and
// redis-server (AOF, fsync always) are killed with SIGKILL at random times. Afterwards, from
// what Redis holds: every acknowledged event is stored (once), every stage that came due has
// each recipient's delivery recorded once, and the console missed no message it was not told
// about (`complete: false`). Used by the fault test (short) and scripts/soak (long).
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace alarmd::test::fault {

struct options {
    std::chrono::seconds duration{20};
    int panels = 3;  // DC-09 connections, one account each
    // Faults come every [fault_min, fault_max]; one in `redis_one_in` kills redis-server.
    std::chrono::milliseconds fault_min{2500};
    std::chrono::milliseconds fault_max{5000};
    int redis_one_in = 3;
    // At least this many faults however slow restarts are: the first kills alarmd, the second
    // redis-server, the rest are drawn.
    std::size_t min_faults = 3;
    unsigned seed = 1;
};

struct tally {
    std::size_t daemon_kills = 0;
    std::size_t redis_kills = 0;
    std::size_t sent = 0;          // logical events (frames and HTTP posts), retries not counted
    std::size_t acked = 0;         // answered ACK / 202
    std::size_t stored = 0;        // found in the events stream
    std::size_t lost = 0;          // acknowledged and not stored
    std::vector<std::string> lost_sample;  // the first few of them, to look for
    std::size_t stored_twice = 0;  // stored more than once (a retry after a lost answer)
    std::size_t stages_due = 0;
    std::size_t stages_delivered = 0;  // every recipient recorded once
    std::size_t stages_doubled = 0;    // fired twice, or a recipient told twice
    std::size_t console_messages = 0;  // messages for the console in the replay log
    std::size_t console_missed = 0;    // of those, neither received nor covered by a resync
    std::size_t console_resyncs = 0;   // `complete: false` answers
};

// Runs it; throws when the run cannot be set up (no redis-server, no binary).
tally run(const options& o);

// The table scripts/soak prints.
std::string table(const tally& t, const options& o);

}  // namespace alarmd::test::fault
