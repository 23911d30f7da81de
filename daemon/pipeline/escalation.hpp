#pragma once
// The escalation scheduler: every stage of every incident's policy fires once at its due time.
// Due stages live in Redis (a sorted set written with the incident) and in memory (a multimap
// ordered by due time and one timer for the earliest: O(log n) per stage). Firing claims the
// stage in Redis atomically first, so a stage fires once across crashes and restarts; one that
// came due while the daemon was down fires at start, marked late. Deliveries go through an
// outbox (store/stage_store.hpp): each recipient's result is recorded, and a stage claimed but
// not finished (a crash, a lost reply) is resumed at start and after a reconnect, telling only
// the recipients not recorded yet.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/asio/system_timer.hpp>

#include "daemon/config/config.hpp"
#include "daemon/core/incident.hpp"
#include "daemon/store/incident_store.hpp"
#include "daemon/store/stage_store.hpp"

namespace alarmd::notify {
class ws_hub;
class sms_dispatcher;
struct sms_receipt;
}  // namespace alarmd::notify
namespace alarmd::sys {
struct metrics;
}

namespace alarmd::pipeline {

// Finds an incident (open ones from memory, others from Redis); nullopt when there is none.
using incident_source = std::function<void(
    const std::string& id, std::function<void(std::optional<core::incident>)> done)>;

class escalation {
public:
    escalation(boost::asio::io_context& ioc, config::snapshot cfg, store::stage_store& stages,
               notify::ws_hub& hub, std::shared_ptr<notify::sms_dispatcher> sms, sys::metrics& m);

    // A new config and SMS gateways (SIGHUP) for the stages fired from now on; stages being
    // delivered keep the ones they started with.

    void reload(config::snapshot cfg, std::shared_ptr<notify::sms_dispatcher> sms);

    void set_incident_source(incident_source src) { source_ = std::move(src); }

    // The stages of a newly opened incident, to be written in the same transaction.
    [[nodiscard]] std::vector<store::stage_entry> schedule_for(const core::incident& inc) const;
    // Puts them on the in-memory timer (and the realert timer for the alert).
    void arm(const core::incident& inc, const std::vector<store::stage_entry>& entries);

    // Re-arms the realert of an open, unacknowledged incident read back at start.
    void arm_realert(const core::incident& inc);

    // Reads every pending stage from Redis and arms it, and resumes the stages claimed but not
    // finished (at start and whenever Redis returns).
    void load_pending();

    void stop();
    // A delivery receipt of an SMS a stage sent (the dispatcher's gateways report them).
    void on_sms_receipt(const notify::sms_receipt& r);

    // A stage is marked late when it came due before this daemon started (it was down), or
    // fired more than this after its due time.
    static constexpr std::chrono::milliseconds late_after{1000};

    [[nodiscard]] std::size_t pending() const { return due_.size(); }
    // SMS handed to a gateway whose answer has not come: a stop waits for them (bounded), so
    // that their outcome is recorded rather than read as "unknown" after the restart.
    [[nodiscard]] std::size_t sms_unanswered() const { return sms_unanswered_; }

private:
    struct item {
        std::string member;  // "INCIDENT|STAGE", or "INCIDENT|#realert" (memory only)
        std::int64_t due_ms;
    };

    void add(item it);
    void rearm();
    void on_timer();
    void fire(item it);
    void fire_stage(const item& it, const core::incident& inc);
    void realert(const item& it, const core::incident& inc);

    struct firing;
    [[nodiscard]] std::shared_ptr<firing> new_firing() const;
    void claimed(const std::shared_ptr<firing>& f, const config::stage* st,
                 const core::incident& inc);
    void deliver(const config::stage& st, const core::incident& inc, std::shared_ptr<firing> f);
    void delivered(const std::shared_ptr<firing>& f, std::string to, std::string_view via,
                   std::string result);
    void finish(const std::shared_ptr<firing>& f);
    void resume_claimed();
    void resume(const std::string& member);
    void resume_with(const std::shared_ptr<firing>& f, const std::optional<core::incident>& inc,
                     store::stage_progress progress);
    void sms_failed(const std::string& incident_id, const std::string& to,
                    const std::string& error);
    void listen_for_receipts();
    void mark_handed(const std::shared_ptr<firing>& f, const std::string& to,
                     std::function<void()> go);

    boost::asio::io_context& ioc_;
    config::snapshot cfg_;
    store::stage_store& stages_;
    notify::ws_hub& hub_;
    std::shared_ptr<notify::sms_dispatcher> sms_;
    sys::metrics& metrics_;
    incident_source source_;
    boost::asio::system_timer timer_;
    std::multimap<core::time_point, item> due_;
    std::unordered_set<std::string> armed_;  // members on the timer or being fired
    // Claimed here and delivering: a resume must not take them a second time.
    std::unordered_set<std::string> delivering_;
    // Delivered here but the finishing write failed: written again when Redis returns.
    std::unordered_map<std::string, std::shared_ptr<firing>> unfinished_;
    std::string instance_;  // this process, in the claimed set
    bool stopped_ = false;
    std::size_t sms_unanswered_ = 0;
    core::time_point started_at_ = core::clock::now();
};

}  // namespace alarmd::pipeline
