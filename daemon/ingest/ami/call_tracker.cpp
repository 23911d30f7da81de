#include "daemon/ingest/ami/call_tracker.hpp"

#include <algorithm>

namespace alarmd::ingest {

namespace {

using protocols::ami::message;
using what = hotline_call_update::what;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

// Asterisk writes "<unknown>" (or nothing) for a withheld number or name.
std::string known(std::string_view v) {
    if (v.empty() || v == "<unknown>" || v == "<Unknown>") {
        return {};
    }
    return std::string(v);
}

// The call a message belongs to: its Linkedid, or (Asterisk 11 and older) its Uniqueid.
std::string_view call_id(const message& m) {
    auto id = m.get("Linkedid");
    return id.empty() ? m.get("Uniqueid") : id;
}

bool is_first_channel(const message& m) {
    const auto linked = m.get("Linkedid");
    return linked.empty() || linked == m.get("Uniqueid");
}

}  // namespace

hotline_call_tracker::hotline_call_tracker(std::vector<std::string> hotline, std::size_t max_calls)
    : hotline_(std::move(hotline)), max_calls_(std::max<std::size_t>(max_calls, 1)) {}

void hotline_call_tracker::set_hotline(std::vector<std::string> hotline) {
    hotline_ = std::move(hotline);
}

bool hotline_call_tracker::is_hotline(std::string_view number) const {
    return !number.empty() && std::find(hotline_.begin(), hotline_.end(), number) != hotline_.end();
}

hotline_call_tracker::call* hotline_call_tracker::find(std::string_view linkedid) {
    auto it = calls_.find(std::string(linkedid));
    return it == calls_.end() ? nullptr : &it->second;
}

hotline_call_tracker::call* hotline_call_tracker::add(std::string_view linkedid, const message& m) {
    if (calls_.size() >= max_calls_) {
        // Full (hangups missed, or a switch far busier than a hotline): forget a call that is not
        // a hotline call; if every one is, the new call is not followed.
        auto it = std::find_if(calls_.begin(), calls_.end(),
                               [](const auto& kv) { return kv.second.line.empty(); });
        if (it == calls_.end()) {
            return nullptr;
        }
        calls_.erase(it);
    }
    call c;
    c.caller = known(m.get("CallerIDNum"));
    c.caller_name = known(m.get("CallerIDName"));
    return &calls_.emplace(std::string(linkedid), std::move(c)).first->second;
}

hotline_call_update hotline_call_tracker::update(what kind, std::string_view linkedid,
                                                 const call& c) const {
    hotline_call_update u;
    u.kind = kind;
    u.linkedid = std::string(linkedid);
    u.caller = c.caller;
    u.caller_name = c.caller_name;
    u.line = c.line;
    return u;
}

std::optional<hotline_call_update> hotline_call_tracker::on_message(const message& m) {
    if (!m.is_event()) {
        return std::nullopt;
    }
    const auto name = m.event();
    if (iequals(name, "Newchannel")) {
        return on_new_channel(m);
    }
    if (iequals(name, "QueueCallerJoin") || iequals(name, "Join")) {
        return on_queue_join(m);
    }
    if (iequals(name, "AgentConnect")) {
        auto agent = m.get("MemberName");
        return on_answer(m, std::string(agent.empty() ? m.get("Interface") : agent));
    }
    if (iequals(name, "DialEnd")) {
        if (!iequals(m.get("DialStatus"), "ANSWER")) {
            return std::nullopt;
        }
        auto agent = m.get("DestCallerIDNum");
        return on_answer(m, std::string(agent.empty() ? m.get("DestChannel") : agent));
    }
    if (iequals(name, "QueueCallerAbandon")) {
        return on_abandon(m);
    }
    if (iequals(name, "Hangup")) {
        return on_hangup(m);
    }
    return std::nullopt;
}

std::optional<hotline_call_update> hotline_call_tracker::on_new_channel(const message& m) {
    if (!is_first_channel(m)) {
        return std::nullopt;  // a second leg (the operator's phone) of a call already followed
    }
    const auto id = call_id(m);
    if (id.empty() || find(id) != nullptr) {
        return std::nullopt;
    }
    auto* c = add(id, m);
    if (c == nullptr || !is_hotline(m.get("Exten"))) {
        return std::nullopt;
    }
    c->line = std::string(m.get("Exten"));
    return update(what::started, id, *c);
}

std::optional<hotline_call_update> hotline_call_tracker::on_queue_join(const message& m) {
    const auto queue = m.get("Queue");
    const auto id = call_id(m);
    if (id.empty() || !is_hotline(queue)) {
        return std::nullopt;
    }
    auto* c = find(id);
    if (c == nullptr) {
        c = add(id, m);  // joined before this connection saw its first channel
        if (c == nullptr) {
            return std::nullopt;
        }
    }
    if (!c->line.empty()) {
        return std::nullopt;  // already a hotline call (its number was the hotline's)
    }
    c->line = std::string(queue);
    return update(what::started, id, *c);
}

std::optional<hotline_call_update> hotline_call_tracker::on_answer(const message& m,
                                                                   std::string agent) {
    const auto id = call_id(m);
    auto* c = find(id);
    if (c == nullptr || c->line.empty() || c->answered || c->missed) {
        return std::nullopt;
    }
    c->answered = true;
    auto u = update(what::answered, id, *c);
    u.agent = std::move(agent);
    return u;
}

std::optional<hotline_call_update> hotline_call_tracker::on_abandon(const message& m) {
    const auto queue = m.get("Queue");
    if (!is_hotline(queue)) {
        return std::nullopt;
    }
    const auto id = call_id(m);
    auto* c = find(id);
    call seen;  // not followed from its start (joined before a reconnect): the event says enough
    if (c == nullptr) {
        seen.caller = known(m.get("CallerIDNum"));
        seen.caller_name = known(m.get("CallerIDName"));
        seen.line = std::string(queue);
        c = &seen;
    }
    if (c->missed || c->answered) {
        return std::nullopt;
    }
    c->missed = true;
    auto u = update(what::missed, id, *c);
    const auto held = m.get("HoldTime");
    u.reason = "hung up after waiting " + std::string(held.empty() ? "?" : held) + " s in queue " +
               std::string(queue);
    return u;
}

std::optional<hotline_call_update> hotline_call_tracker::on_hangup(const message& m) {
    if (!is_first_channel(m)) {
        return std::nullopt;  // an operator's leg; the call goes on until its first channel ends
    }
    const auto id = call_id(m);
    auto it = calls_.find(std::string(id));
    if (it == calls_.end()) {
        return std::nullopt;
    }
    const call c = std::move(it->second);
    calls_.erase(it);
    if (c.line.empty()) {
        return std::nullopt;
    }
    if (c.answered || c.missed) {
        return c.answered ? std::optional(update(what::ended, id, c)) : std::nullopt;
    }
    auto u = update(what::missed, id, c);
    u.reason = "hung up before anyone answered";
    return u;
}

std::vector<hotline_call_update> hotline_call_tracker::reset() {
    std::vector<hotline_call_update> open;
    for (const auto& [id, c] : calls_) {
        if (!c.line.empty() && !c.missed) {
            open.push_back(update(c.answered ? what::answered : what::started, id, c));
        }
    }
    calls_.clear();
    return open;
}

}  // namespace alarmd::ingest
