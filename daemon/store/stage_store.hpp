#pragma once
// Escalation stages in Redis, kept as an outbox so that every stage that comes due reaches its
// people once, across crashes, restarts and lost replies:
//
//   {p}stages                  zset: pending stages "INCIDENT|STAGE" by due time (ms); written
//                              with the event that opened the incident (incident_store)
//   {p}stages:claimed          hash: "INCIDENT|STAGE" -> instance, claimed and not yet finished
//   {p}incident:ID:stages      hash: stage name -> record {name, due_at, fired_at, late,
//                              skipped, deliveries}; written at the claim, completed at finish
//   {p}incident:ID:deliveries  hash: "STAGE|VIA|TO" -> {to, via, result}, one per recipient
//   {p}incident:ID:timeline    list: the stage's fired / skipped / notified lines
//
// A claim is the commit point: it takes the stage off the pending set and writes its record at
// once (a Lua script), so only one claim ever succeeds. Each recipient's delivery is then recorded
// on its own; the stage leaves `stages:claimed` when its record is complete. A daemon that died
// between the claim and the last delivery leaves the stage in `stages:claimed`: the next start
// (or reconnect) resumes it and tells only the recipients not recorded yet.
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "daemon/store/incident_store.hpp"

namespace alarmd::store {

enum class claim_result {
    already_fired,        // the stage has a record: fired (or skipped) before
    claimed,              // taken off the pending set and recorded: this caller delivers it
    claimed_unscheduled,  // recorded although it was not in the pending set (its schedule never
                          // reached Redis): nobody fired it, so this caller delivers it
};

struct stage_claim {
    stage_entry entry;            // due time and member "INCIDENT|STAGE"
    std::string incident_id;
    std::string stage;
    std::string record_json;      // the stage record as of the claim
    std::string timeline_entry;   // "stage_fired" / "stage_skipped"
    bool final = false;           // skipped: nothing to deliver, the record is complete
    std::string instance;         // who claimed it (for the claimed set)
};

// A claimed stage not finished yet, as read back at start or after a reconnect.
struct claimed_stage {
    std::string member;
    std::string instance;
};

// One recipient's result: its field in the deliveries hash ("STAGE|VIA|TO"), the {to, via,
// result} JSON, and the timeline line written with it (none when empty).
struct delivery_write {
    std::string field;
    std::string json;
    std::string timeline_entry;
};

// What a claimed stage has done so far.
struct stage_progress {
    std::string record_json;              // empty when there is no record
    std::vector<std::string> deliveries;  // {to, via, result} JSON, one per recorded recipient
};

class stage_store {
public:
    stage_store(redis_client& redis, std::string prefix);

    void claim(const stage_claim& c,
               std::function<void(boost::system::error_code, claim_result)> cb);
    // Records one recipient's result once (a second record of the same recipient is ignored,
    // with its timeline line): the progress a resume after a crash starts from.
    void record_delivery(const std::string& incident_id, const delivery_write& d, done_fn done);
    // In one step: records the given deliveries not recorded yet (a record_delivery lost in a
    // Redis blip is not lost), writes the complete record and takes the stage off the claimed
    // set.
    void finish(const std::string& incident_id, const std::string& stage, const std::string& member,
                const std::string& record_json, const std::vector<delivery_write>& deliveries,
                done_fn done);

    void pending(std::function<void(boost::system::error_code, std::vector<stage_entry>)> cb);
    void claimed(std::function<void(boost::system::error_code, std::vector<claimed_stage>)> cb);
    void progress(const std::string& incident_id, const std::string& stage,
                  std::function<void(boost::system::error_code, stage_progress)> cb);
    void records(const std::string& incident_id,
                 std::function<void(boost::system::error_code,
                                    std::vector<std::pair<std::string, std::string>>)> cb);

    // "STAGE|VIA|TO": a recipient's field in the deliveries hash.
    [[nodiscard]] static std::string delivery_field(std::string_view stage, std::string_view via,
                                                    std::string_view to);

private:
    [[nodiscard]] std::string key(std::string_view suffix) const;

    redis_client& redis_;
    std::string prefix_;
};

}  // namespace alarmd::store
