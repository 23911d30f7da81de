#include "daemon/store/stage_store.hpp"

#include "daemon/store/reply_checks.hpp"

namespace alarmd::store {
namespace {

// KEYS: pending zset, the incident's stage records, its timeline, the claimed hash.
// ARGV: member, stage, record, timeline entry, final ("1": nothing to deliver), instance.
// Claimed once: whoever finds no record writes it; the pending entry is removed either way. A
// stage that is not pending and has no record never reached Redis (its schedule was lost with
// an unwritten event): nobody fired it, so it is claimed too, and told apart by the answer.
constexpr const char* claim_script = R"(
local was_pending = redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3]) == 0 then return 0 end
redis.call('RPUSH', KEYS[3], ARGV[4])
if ARGV[5] ~= '1' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[6]) end
if was_pending == 1 then return 1 end
return 2)";

// KEYS: the deliveries hash, the timeline. ARGV: field, delivery, timeline entry. A recipient is
// recorded once: a resumed stage that tells them again does not add a second line.
constexpr const char* delivery_script = R"(
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
if ARGV[3] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[3]) end
return 1)";

// KEYS: the deliveries hash, the timeline, the stage records, the claimed hash. ARGV: member,
// stage, record, then (field, delivery, timeline entry) for each delivery.
constexpr const char* finish_script = R"(
for i = 4, #ARGV, 3 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1]) == 1 then
    redis.call('RPUSH', KEYS[2], ARGV[i + 2])
  end
end
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1)";

}  // namespace

stage_store::stage_store(redis_client& redis, std::string prefix)
    : redis_(redis), prefix_(std::move(prefix)) {}

std::string stage_store::key(std::string_view suffix) const {
    std::string k = prefix_;
    k.append(suffix);
    return k;
}

std::string stage_store::delivery_field(std::string_view stage, std::string_view via,
                                        std::string_view to) {
    std::string f;
    f.reserve(stage.size() + via.size() + to.size() + 2);
    f.append(stage).append("|").append(via).append("|").append(to);
    return f;
}

void stage_store::claim(const stage_claim& c,
                        std::function<void(boost::system::error_code, claim_result)> cb) {
    const auto incident = "incident:" + c.incident_id;
    redis_.command({"EVAL", claim_script, "4", key("stages"), key(incident + ":stages"),
                    key(incident + ":timeline"), key("stages:claimed"), c.entry.member, c.stage,
                    c.record_json, c.timeline_entry, c.final ? "1" : "0", c.instance},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       auto result = claim_result::already_fired;
                       if (!ec && r.type == redis_reply::kind::integer) {
                           result = r.integer == 1   ? claim_result::claimed
                                    : r.integer == 2 ? claim_result::claimed_unscheduled
                                                     : claim_result::already_fired;
                       }
                       cb(ec, result);
                   });
}

void stage_store::record_delivery(const std::string& incident_id, const delivery_write& d,
                                  done_fn done) {
    const auto incident = "incident:" + incident_id;
    redis_.command({"EVAL", delivery_script, "2", key(incident + ":deliveries"),
                    key(incident + ":timeline"), d.field, d.json, d.timeline_entry},
                   [done = std::move(done)](auto ec, const redis_reply& r) {
                       if (done) {
                           done(checked(ec, r));
                       }
                   });
}

void stage_store::finish(const std::string& incident_id, const std::string& stage,
                         const std::string& member, const std::string& record_json,
                         const std::vector<delivery_write>& deliveries, done_fn done) {
    const auto incident = "incident:" + incident_id;
    redis_command cmd{"EVAL",
                      finish_script,
                      "4",
                      key(incident + ":deliveries"),
                      key(incident + ":timeline"),
                      key(incident + ":stages"),
                      key("stages:claimed"),
                      member,
                      stage,
                      record_json};
    cmd.reserve(cmd.size() + deliveries.size() * 3);
    for (const auto& d : deliveries) {
        cmd.push_back(d.field);
        cmd.push_back(d.json);
        cmd.push_back(d.timeline_entry);
    }
    redis_.command(std::move(cmd), [done = std::move(done)](auto ec, const redis_reply& r) {
        if (done) {
            done(checked(ec, r));
        }
    });
}

void stage_store::pending(
    std::function<void(boost::system::error_code, std::vector<stage_entry>)> cb) {
    redis_.command({"ZRANGE", key("stages"), "0", "-1", "WITHSCORES"},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       std::vector<stage_entry> out;
                       if (!ec) {
                           for (auto& [member, score] : pairs_of(r)) {
                               out.push_back({std::strtoll(score.c_str(), nullptr, 10),
                                              std::move(member)});
                           }
                       }
                       cb(ec, std::move(out));
                   });
}

void stage_store::claimed(
    std::function<void(boost::system::error_code, std::vector<claimed_stage>)> cb) {
    redis_.command({"HGETALL", key("stages:claimed")},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       std::vector<claimed_stage> out;
                       if (!ec) {
                           for (auto& [member, instance] : pairs_of(r)) {
                               out.push_back({std::move(member), std::move(instance)});
                           }
                       }
                       cb(ec, std::move(out));
                   });
}

void stage_store::progress(const std::string& incident_id, const std::string& stage,
                           std::function<void(boost::system::error_code, stage_progress)> cb) {
    auto out = std::make_shared<stage_progress>();
    const auto incident = "incident:" + incident_id;
    redis_.command({"HGET", key(incident + ":stages"), stage},
                   [out](auto ec, const redis_reply& r) {
                       if (!checked(ec, r) && r.type == redis_reply::kind::string) {
                           out->record_json = r.str;
                       }
                   });
    // Answers come in order on one connection: this one completes the pair.
    redis_.command({"HGETALL", key(incident + ":deliveries")},
                   [out, prefix = stage + "|", cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       if (!ec) {
                           for (auto& [field, delivery] : pairs_of(r)) {
                               if (field.starts_with(prefix)) {
                                   out->deliveries.push_back(std::move(delivery));
                               }
                           }
                       }
                       cb(ec, std::move(*out));
                   });
}

void stage_store::records(
    const std::string& incident_id,
    std::function<void(boost::system::error_code,
                       std::vector<std::pair<std::string, std::string>>)> cb) {
    redis_.command({"HGETALL", key("incident:" + incident_id + ":stages")},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       cb(ec, ec ? std::vector<std::pair<std::string, std::string>>{}
                                 : pairs_of(r));
                   });
}

}  // namespace alarmd::store
