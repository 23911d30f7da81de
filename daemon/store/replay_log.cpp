// The WebSocket replay log in Redis (incident_store's part of it): a stream keyed by seq
// (replay_ids.hpp). A stream append costs Redis a copy into its current node, where the sorted
// set used before hashed and indexed every ~1 KB message (the most expensive write of a storm
// event, measured), and trimming drops whole nodes instead of one skiplist entry at a time.
// The price: a stream takes ids in increasing order only, so entries that wait for Redis hold
// back the ones after them, and are written first.
#include <algorithm>
#include <chrono>

#include "daemon/store/incident_store.hpp"
#include "daemon/store/replay_ids.hpp"
#include "daemon/store/reply_checks.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::store {
namespace {

const auto& log() {
    static auto l = sys::logger("store");
    return l;
}

// After a flush that Redis refused, new messages do not start the next one for this long (the
// daemon's once-a-second retry or Redis coming back do): a refusing Redis is not sent the whole
// backlog again with every new message.
constexpr std::chrono::seconds replay_flush_pause{1};

// The entry is there already (a write whose answer was lost with the connection) or can no
// longer go where it belongs: not written again.
bool refused_for_order(const redis_reply& r) {
    return r.is_error() && r.str.find("equal or smaller") != std::string::npos;
}

}  // namespace

redis_command incident_store::replay_xadd(std::uint64_t seq, const std::string& message) const {
    return {"XADD", replay_key_, "MAXLEN", "~", replay_maxlen_text_, replay_id(seq),
            std::string(replay_field), message};
}

// The sizes of what this daemon appended, for the byte cap: the seq up to which the log is
// trimmed now, or 0.
std::uint64_t incident_store::account_replay(std::uint64_t seq, std::size_t bytes) {
    replay_sizes_.emplace_back(seq, bytes);
    replay_bytes_ += bytes;
    std::uint64_t drop_upto = 0;
    if (replay_bytes_ > replay_max_bytes_) {
        // Down to 15/16 of the cap at once: at the cap a storm would otherwise trim with every
        // message.
        const auto target = replay_max_bytes_ - replay_max_bytes_ / 16;
        while (replay_bytes_ > target && replay_sizes_.size() > 1) {
            drop_upto = replay_sizes_.front().first;
            replay_bytes_ -= replay_sizes_.front().second;
            replay_sizes_.pop_front();
        }
    }
    while (replay_sizes_.size() > replay_maxlen_) {  // what the count cap removes anyway
        replay_bytes_ -= replay_sizes_.front().second;
        replay_sizes_.pop_front();
    }
    return drop_upto;
}

void incident_store::append_replay(std::uint64_t seq, std::shared_ptr<const std::string> message) {
    std::vector<redis_command> cmds;
    const bool reserving = seq + seq_block / 2 > reserved_;
    if (reserving) {
        // Half a block before the end: the next block, with this message's write.
        reserved_ = seq + seq_block;
        cmds.push_back({"SET", key("ws:seq"), std::to_string(reserved_)});
    }
    const auto drop_upto = account_replay(seq, message->size());
    const bool behind = replay_flushing_ || !unwritten_replay_.empty();
    if (!behind) {
        cmds.push_back(replay_xadd(seq, *message));
    }
    if (drop_upto != 0) {
        cmds.push_back({"XTRIM", replay_key_, "MINID", std::to_string(drop_upto + 1)});
    }
    if (behind) {
        keep_unwritten_replay(seq, std::move(message));
        message = nullptr;
        try_flush_replay();
    }
    if (cmds.empty()) {
        return;
    }
    redis_.transaction(std::move(cmds), [this, seq, reserving, message = std::move(message)](
                                            auto ec, const redis_reply& r) {
        if (checked(ec, r)) {
            if (message) {
                keep_unwritten_replay(seq, message);
            }
            if (reserving) {
                reserved_ = 0;  // the next message reserves again
            }
        }
    });
}

// A replay log entry Redis did not take: written again (flush_replay), before anything after
// it, so a console resuming after an outage finds it. Kept in seq order (a failure can be
// reported after a later message was queued). Bounded: the oldest go first, and a resume across
// what is missing answers complete: false instead of skipping it.
void incident_store::keep_unwritten_replay(std::uint64_t seq,
                                           std::shared_ptr<const std::string> message) {
    unwritten_replay_bytes_ += message->size();
    if (unwritten_replay_.empty() || unwritten_replay_.back().first < seq) {
        unwritten_replay_.emplace_back(seq, std::move(message));
    } else {
        const auto at = std::upper_bound(
            unwritten_replay_.begin(), unwritten_replay_.end(), seq,
            [](std::uint64_t s, const auto& entry) { return s < entry.first; });
        unwritten_replay_.emplace(at, seq, std::move(message));
    }
    while (unwritten_replay_.size() > 1 && (unwritten_replay_.size() > replay_maxlen_ ||
                                            unwritten_replay_bytes_ > replay_max_bytes_)) {
        unwritten_replay_bytes_ -= unwritten_replay_.front().second->size();
        unwritten_replay_.pop_front();
        ++replay_lost_;
    }
}

void incident_store::flush_replay() {
    next_replay_flush_ = {};  // Redis is back, or a second has passed (the caller's tick)
    try_flush_replay();
}

void incident_store::try_flush_replay() {
    if (unwritten_replay_.empty() || replay_flushing_ || !redis_.connected() ||
        std::chrono::steady_clock::now() < next_replay_flush_) {
        return;
    }
    if (replay_lost_ > 0) {
        log()->warn("event=replay_log_gap lost={} (a resume across them answers complete: false)",
                    replay_lost_);
        replay_lost_ = 0;
    }
    auto pending = std::make_shared<decltype(unwritten_replay_)>(std::move(unwritten_replay_));
    unwritten_replay_.clear();
    unwritten_replay_bytes_ = 0;
    std::vector<redis_command> cmds;
    cmds.reserve(pending->size());
    for (const auto& [seq, message] : *pending) {
        cmds.push_back(replay_xadd(seq, *message));
    }
    replay_flushing_ = true;
    redis_.transaction(std::move(cmds), [this, pending](auto ec, const redis_reply& r) {
        replay_flushing_ = false;
        const bool answered = !ec && !r.is_error() && r.elements.size() == pending->size();
        std::size_t again = 0;
        std::size_t late = 0;
        for (std::size_t i = 0; i < pending->size(); ++i) {
            auto& [seq, message] = (*pending)[i];
            if (answered && !r.elements[i].is_error()) {
                continue;
            }
            if (answered && refused_for_order(r.elements[i])) {
                ++late;
                continue;
            }
            keep_unwritten_replay(seq, std::move(message));
            ++again;
        }
        if (late > 0) {
            log()->info("event=replay_entries_late count={} (written before, or after newer ones)",
                        late);
        }
        if (again > 0) {
            next_replay_flush_ = std::chrono::steady_clock::now() + replay_flush_pause;
            return;
        }
        try_flush_replay();  // what was queued behind this flush
    });
}

void incident_store::mark_seq_skip(std::uint64_t after, std::uint64_t upto, bool clean) {
    const auto text = std::string(R"({"type":"seq.skip","seq":)") + std::to_string(upto) +
                      R"(,"after":)" + std::to_string(after) + R"(,"clean":)" +
                      (clean ? "true" : "false") + "}";
    redis_.transaction({{"XADD", replay_key_, replay_id(upto), std::string(replay_field), text},
                        {"DEL", key("ws:clean")}},
                       [upto](auto ec, const redis_reply& r) {
                           if (checked(ec, r)) {
                               log()->warn("event=seq_skip_unwritten upto={} reason=\"{}\"", upto,
                                           checked(ec, r).message());
                           }
                       });
}

void incident_store::mark_clean_stop(std::uint64_t last_seq, done_fn done) {
    redis_.command({"SET", key("ws:clean"), std::to_string(last_seq)},
                   [done = std::move(done)](auto ec, const redis_reply& r) {
                       if (done) {
                           done(checked(ec, r));
                       }
                   });
}

void incident_store::read_replay(
    std::uint64_t after_seq, std::uint64_t upto_seq, std::size_t limit,
    std::function<void(boost::system::error_code, replay_page)> cb) {
    redis_.command({"XRANGE", replay_key_, std::to_string(after_seq + 1),
                    std::to_string(upto_seq), "COUNT", std::to_string(limit)},
                   [cb = std::move(cb)](auto ec, redis_reply r) {
                       ec = checked(ec, r);
                       replay_page page;
                       for (auto& entry : r.elements) {
                           if (ec || entry.elements.size() < 2) {
                               continue;
                           }
                           auto& fields = entry.elements[1].elements;
                           for (std::size_t i = 0; i + 1 < fields.size(); i += 2) {
                               if (fields[i].str == replay_field) {
                                   page.emplace_back(seq_of_replay_id(entry.elements[0].str),
                                                     std::move(fields[i + 1].str));
                               }
                           }
                       }
                       cb(ec, std::move(page));
                   });
}

}  // namespace alarmd::store
