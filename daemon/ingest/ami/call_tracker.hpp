#pragma once
// Follows the calls on an Asterisk manager connection and says when a hotline call starts, is
// answered, is missed or ends (protocols/ami.md "Correlation rules"). Pure: messages in,
// updates out; no clock, no I/O.
//
// A call is the set of channels sharing a Linkedid (the Uniqueid of its first channel). It is a
// hotline call when its first channel dialled a hotline number (Newchannel Exten) or it joined a
// hotline queue (QueueCallerJoin Queue). Answered: AgentConnect, or DialEnd with ANSWER.
// Missed: QueueCallerAbandon, or the first channel hung up before any answer.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "protocols/ami/message.hpp"

namespace alarmd::ingest {

struct hotline_call_update {
    enum class what { started, answered, missed, ended };
    what kind = what::started;
    std::string linkedid;
    std::string caller;       // CallerIDNum as sent; empty when withheld or unknown
    std::string caller_name;  // CallerIDName; empty when unknown
    std::string line;         // the hotline number or queue it reached
    std::string agent;        // answered: who picked up (MemberName, or the dialled channel)
    std::string reason;       // missed: why, in words
};

class hotline_call_tracker {
public:
    // `hotline`: the numbers and queues that count (ingest.ami.hotline). Calls followed at once
    // are bounded by `max_calls`; past it, calls that are not (yet) hotline calls are forgotten
    // first.
    explicit hotline_call_tracker(std::vector<std::string> hotline, std::size_t max_calls = 4096);

    // What `m` changes about a hotline call; nullopt for everything else (most events).
    [[nodiscard]] std::optional<hotline_call_update> on_message(const protocols::ami::message& m);

    // The connection is gone: what was in progress cannot be followed further. Returns the
    // hotline calls that were under way (started, not ended), so the caller can say so.
    std::vector<hotline_call_update> reset();

    void set_hotline(std::vector<std::string> hotline);
    [[nodiscard]] std::size_t active() const noexcept { return calls_.size(); }

private:
    struct call {
        std::string caller;
        std::string caller_name;
        std::string line;  // set once it is a hotline call
        bool answered = false;
        bool missed = false;  // reported as missed already
    };

    [[nodiscard]] bool is_hotline(std::string_view number) const;
    call* find(std::string_view linkedid);
    call* add(std::string_view linkedid, const protocols::ami::message& m);
    hotline_call_update update(hotline_call_update::what kind, std::string_view linkedid,
                               const call& c) const;

    std::optional<hotline_call_update> on_new_channel(const protocols::ami::message& m);
    std::optional<hotline_call_update> on_queue_join(const protocols::ami::message& m);
    std::optional<hotline_call_update> on_answer(const protocols::ami::message& m,
                                                 std::string agent);
    std::optional<hotline_call_update> on_abandon(const protocols::ami::message& m);
    std::optional<hotline_call_update> on_hangup(const protocols::ami::message& m);

    std::vector<std::string> hotline_;
    std::size_t max_calls_;
    std::unordered_map<std::string, call> calls_;
};

}  // namespace alarmd::ingest
