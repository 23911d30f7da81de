#pragma once
// alarmd's state in Redis: the key layout (README "Redis keys") and the writes and reads the
// pipeline needs, each one pipelined or in one MULTI/EXEC, never a blocking round trip.
//
//   {p}events                  stream: every event (id, incident, verdict, json), MAXLEN ~
//   {p}incident:ID             hash: json (the full incident), state, category, building
//   {p}incident:ID:events      list: JSON of every event folded into the incident
//   {p}incident:ID:timeline    list: JSON timeline entries {at, what, who, detail}
//   {p}incidents:open          zset: open incident ids by opening time (ms)
//   {p}incidents:all           zset: every incident id by opening time (ms)
//   {p}zones                   hash: "device/zone" -> zone state JSON
//   {p}ws:log                  zset: WebSocket messages by seq (the replay log), capped
//   {p}ws:seq                  string: the last WebSocket seq
//   {p}stages                  zset: pending escalation stages "INCIDENT|STAGE" by due time
//                              (ms), written with the opening event; the rest of the stage
//                              keys belong to stage_store
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/store/redis_client.hpp"

namespace alarmd::store {

// One incident snapshot to write: the full JSON replaces the previous one (writes are idempotent,
// so a snapshot that failed can simply be written again later).
struct incident_write {
    std::string id;
    std::string json;
    std::string state;
    std::string category;
    std::string building;
    std::int64_t opened_ms = 0;
    bool open = true;
    std::vector<std::string> timeline;  // entries to append
};

// A stage to schedule: due time (unix ms) and its member "INCIDENT|STAGE".
struct stage_entry {
    std::int64_t due_ms = 0;
    std::string member;
};

struct event_write {
    std::string event_id;
    std::string event_json;
    std::string verdict;
    std::string incident_id;               // empty: the event belongs to no incident
    std::optional<incident_write> incident;
    std::string zone_key;                  // set when the event changed a zone's state
    std::string zone_json;
    std::vector<stage_entry> schedule;     // an opened incident's stages
};

struct loaded_state {
    std::vector<std::string> open_incidents;                  // incident JSON
    std::vector<std::pair<std::string, std::string>> zones;   // key, zone JSON
    std::uint64_t last_seq = 0;
};

using done_fn = std::function<void(boost::system::error_code)>;

class incident_store {
public:
    incident_store(redis_client& redis, std::string prefix, std::size_t events_maxlen,
                   std::size_t replay_maxlen);

    void write_event(const event_write& w, done_fn done);
    void write_incident(const incident_write& w, done_fn done);
    void write_zone(const std::string& key, const std::string& json, done_fn done);

    void append_replay(std::uint64_t seq, const std::string& message);
    // Messages with after_seq < seq <= upto_seq, oldest first, at most `limit`.
    void read_replay(std::uint64_t after_seq, std::uint64_t upto_seq, std::size_t limit,
                     std::function<void(boost::system::error_code, std::vector<std::string>)> cb);

    void load(std::function<void(boost::system::error_code, loaded_state)> cb);

    void get_incident(const std::string& id,
                      std::function<void(boost::system::error_code, std::string json)> cb);
    // Newest first; `open_only` reads the open index.
    void list_incidents(bool open_only, std::size_t limit,
                        std::function<void(boost::system::error_code, std::vector<std::string>)> cb);
    void incident_events(const std::string& id, std::size_t start, std::size_t limit,
                         std::function<void(boost::system::error_code, std::vector<std::string>)> cb);

    void timeline(const std::string& incident_id,
                  std::function<void(boost::system::error_code, std::vector<std::string>)> cb);

    [[nodiscard]] const std::string& prefix() const { return prefix_; }

private:
    [[nodiscard]] std::string key(std::string_view suffix) const;
    void add_incident(std::vector<redis_command>& cmds, const incident_write& w) const;
    void fetch_jsons(std::vector<std::string> ids,
                     std::function<void(boost::system::error_code, std::vector<std::string>)> cb);

    redis_client& redis_;
    std::string prefix_;
    std::size_t events_maxlen_;
    std::size_t replay_maxlen_;
};

}  // namespace alarmd::store
