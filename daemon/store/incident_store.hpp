#pragma once
// alarmd's state in Redis: the key layout (README "Redis keys") and the writes and reads the
// pipeline needs, each one pipelined or in one MULTI/EXEC, never a blocking round trip. An
// incident is written incrementally: each event sets its head (the incident without its zones,
// a bounded size) and the one zone it touched in one HSET, and appends to capped lists, so the
// cost of a write does not grow with the incident.
//
//   {p}events                  stream: every event (id, incident, verdict, json), MAXLEN ~
//   {p}incident:ID             hash: head (the incident's JSON without zones), "z:device/zone"
//                              (each zone's JSON), state, category, building (older data:
//                              json, the whole incident)
//   {p}incident:ID:events      list: JSON of the incident's newest events (events_per_incident)
//   {p}incident:ID:timeline    list: JSON timeline entries {at, what, who, detail}
//   {p}incidents:open          zset: open incident ids by opening time (ms)
//   {p}incidents:all           zset: every incident id by opening time (ms)
//   {p}zones                   hash: "device/zone" -> zone state (arm / disarm / bypass) JSON
//   {p}ws:replay               stream: WebSocket messages by seq (the replay log; entry id
//                              "seq-0", field m), capped, and a restart's seq.skip markers
//   {p}ws:seq                  string: the seq reserved ahead (blocks of seq_block)
//   {p}ws:clean                string: the last seq of a clean stop
//   {p}stages                  zset: pending escalation stages "INCIDENT|STAGE" by due time
//                              (ms), written with the opening event; the rest of the stage
//                              keys belong to stage_store
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/store/redis_client.hpp"

namespace alarmd::store {

// An incident's events kept in its own list (the events stream keeps them all).
inline constexpr std::size_t events_per_incident = 1000;

// What changed on one incident. Writes are idempotent (the head replaces the last one, zones are
// set by key), so a write that failed is merged with the later ones and written again.
// A stage to schedule: due time (unix ms) and its member "INCIDENT|STAGE".
struct stage_entry {
    std::int64_t due_ms = 0;
    std::string member;
};

struct incident_write {
    std::string id;
    std::string head;  // the incident's JSON without its zones
    std::string state;
    std::string category;
    std::string building;
    std::int64_t opened_ms = 0;
    bool open = true;
    bool reindex = false;  // opened or state changed: update incidents:open / incidents:all
    std::map<std::string, std::string> zones;  // zone key -> zone JSON, the zones that changed
    std::vector<std::string> timeline;         // entries to append
    // An opened incident's stages: with the incident, so an event dropped from a full backlog
    // does not take them along.
    std::vector<stage_entry> schedule;
};

// `later` folded into `into`: its head and state, its zones by key, its timeline appended.
void merge(incident_write& into, incident_write later);


struct event_write {
    std::string event_id;
    std::string event_json;
    std::string verdict;
    std::string incident_id;               // empty: the event belongs to no incident
    bool trim_events = false;              // cap the incident's event list with this write
    std::optional<incident_write> incident;
    std::string zone_state_key;            // set when the event armed, disarmed or bypassed
    std::string zone_state_json;
};

// An incident as stored: its head (or older whole JSON) and its zones' JSON. Empty head: none.
struct stored_incident {
    std::string head;
    std::vector<std::string> zones;
};

struct loaded_state {
    std::vector<std::pair<std::string, std::string>> zones;  // zone state: key, JSON
    std::uint64_t log_seq = 0;       // the replay log's highest seq
    std::uint64_t reserved_seq = 0;  // ws:seq: no earlier run published beyond it
    std::uint64_t clean_seq = 0;     // ws:clean: the last seq of a run that stopped cleanly
    std::size_t open_incidents = 0;
};

using done_fn = std::function<void(boost::system::error_code)>;
struct load_run;
using incidents_fn = std::function<void(boost::system::error_code, std::vector<stored_incident>)>;

class incident_store {
public:
    incident_store(redis_client& redis, std::string prefix, std::size_t events_maxlen,
                   std::size_t replay_maxlen, std::size_t replay_max_bytes);

    void write_event(const event_write& w, done_fn done);
    void write_incident(const incident_write& w, done_fn done);
    // One zone's arm / disarm / bypass record (alarmd's own re-arm of an expired bypass).
    void write_zone_state(const std::string& zone_key, std::string json, done_fn done);

    // Checked: an entry Redis does not take is kept (bounded) and written again, before any
    // later one (replay_log.cpp), by flush_replay(): when Redis returns, and once a second while
    // it is up (it may refuse writes and take them again without a reconnect).
    void append_replay(std::uint64_t seq, std::shared_ptr<const std::string> message);
    void flush_replay();
    // A restarted daemon continues after the seqs an earlier run reserved: seqs in
    // (after, upto] are never used again. The replay log gets a `seq.skip` entry at `upto`
    // that a resume steps over: quietly when the earlier run stopped cleanly (everything it
    // published is in the log), with `complete: false` after a crash (what it published last
    // may be missing).
    void mark_seq_skip(std::uint64_t after, std::uint64_t upto, bool clean);
    // At a clean stop, once everything is written: the last seq, so the next start knows.
    void mark_clean_stop(std::uint64_t last_seq, done_fn done);
    // Replay log entries waiting for Redis.
    [[nodiscard]] std::size_t unwritten_replay() const { return unwritten_replay_.size(); }
    // Messages with after_seq < seq <= upto_seq, oldest first, at most `limit`.
    // (seq, message) pairs in seq order.
    using replay_page = std::vector<std::pair<std::uint64_t, std::string>>;
    void read_replay(std::uint64_t after_seq, std::uint64_t upto_seq, std::size_t limit,
                     std::function<void(boost::system::error_code, replay_page)> cb);

    // Reads back the state a restarted daemon carries on from: the last seq and the zone states
    // first (`ready`), then the open incidents in chunks of `chunk` (`incidents`, once a chunk,
    // in opening order), then `done`.
    void load(std::size_t chunk, std::function<void(boost::system::error_code, loaded_state)> ready,
              std::function<void(std::vector<stored_incident>)> incidents,
              std::function<void(boost::system::error_code)> done);

    void get_incident(const std::string& id,
                      std::function<void(boost::system::error_code, stored_incident)> cb);
    // Newest first; `open_only` reads the open index.
    void list_incidents(bool open_only, std::size_t limit, incidents_fn cb);
    void incident_events(const std::string& id, std::size_t start, std::size_t limit,
                         std::function<void(boost::system::error_code, std::vector<std::string>)> cb);

    // Lines [from, from + limit) of an incident's timeline, and how many it holds.
    struct timeline_page {
        std::vector<std::string> lines;
        std::size_t total = 0;
    };
    void timeline(const std::string& incident_id, std::size_t from, std::size_t limit,
                  std::function<void(boost::system::error_code, timeline_page)> cb);

    [[nodiscard]] const std::string& prefix() const { return prefix_; }

private:
    [[nodiscard]] std::string key(std::string_view suffix) const;
    [[nodiscard]] std::string key(std::string_view a, std::string_view b,
                                  std::string_view c) const;
    void add_incident(std::vector<redis_command>& cmds, const incident_write& w) const;
    void fetch_incidents(std::vector<std::string> ids, incidents_fn cb);
    void load_chunk(std::shared_ptr<load_run> run);

    redis_client& redis_;
    std::string prefix_;
    std::size_t events_maxlen_;
    std::size_t replay_maxlen_;
    std::size_t replay_max_bytes_;
    std::string events_key_;          // written with every event: made once
    std::string events_maxlen_text_;
    std::string replay_key_;
    std::string replay_maxlen_text_;
    // The replay log entries this daemon wrote, oldest first, with their sizes: the log is
    // trimmed by bytes as well as by count.
    std::deque<std::pair<std::uint64_t, std::size_t>> replay_sizes_;
    std::size_t replay_bytes_ = 0;
    std::deque<std::pair<std::uint64_t, std::shared_ptr<const std::string>>> unwritten_replay_;
    std::size_t unwritten_replay_bytes_ = 0;
    std::uint64_t replay_lost_ = 0;
    // Seqs are reserved in blocks (ws:seq) ahead of use, so a crash never lets the next run
    // hand out a seq a console may already have seen.
    static constexpr std::uint64_t seq_block = 10000;
    std::uint64_t reserved_ = 0;
    bool replay_flushing_ = false;  // a flush_replay transaction is under way
    std::chrono::steady_clock::time_point next_replay_flush_{};
    void keep_unwritten_replay(std::uint64_t seq, std::shared_ptr<const std::string> message);
    void try_flush_replay();
    [[nodiscard]] redis_command replay_xadd(std::uint64_t seq, const std::string& message) const;
    std::uint64_t account_replay(std::uint64_t seq, std::size_t bytes);
};

}  // namespace alarmd::store
