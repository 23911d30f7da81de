#include "daemon/notify/ws_hub.hpp"

#include <algorithm>

#include "daemon/notify/ws_message.hpp"
#include "daemon/notify/ws_session.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"

namespace alarmd::notify {

ws_hub::ws_hub(config::websocket_config cfg, sys::metrics& m) : cfg_(cfg), metrics_(m) {}

ws_hub::~ws_hub() = default;

void ws_hub::continue_seq_from(std::uint64_t seq) {
    if (seq > seq_) {
        seq_ = seq;
    }
}

void ws_hub::accept(sys::byte_stream&& stream,
                    boost::beast::http::request<boost::beast::http::string_body> req,
                    ws_identity who) {
    auto s = std::make_shared<ws_session>(*this, std::move(stream), std::move(who));
    sessions_.insert(s);
    s->start(std::move(req));
}

std::uint64_t ws_hub::record(std::string_view type, boost::json::object body,
                             const std::vector<std::string>& to,
                             std::shared_ptr<const std::string>& out) {
    const auto seq = ++seq_;
    if (!to.empty()) {
        boost::json::array who;
        for (const auto& p : to) {
            who.emplace_back(p);
        }
        body["to"] = std::move(who);
    }
    out = keep(seq, make_message(type, seq, std::move(body)));
    return seq;
}

std::shared_ptr<const std::string> ws_hub::keep(std::uint64_t seq, std::string message) {
    auto out = std::make_shared<const std::string>(std::move(message));
    ring_.push_back({seq, out});
    ring_bytes_ += out->size();
    // Bounded by count and by bytes: a storm of large messages must not grow memory.
    while (ring_.size() > ring_size || (ring_bytes_ > ring_max_bytes && ring_.size() > 1)) {
        ring_bytes_ -= ring_.front().message->size();
        ring_.pop_front();
    }
    if (hooks_.published) {
        hooks_.published(seq, out);
    }
    return out;
}

void ws_hub::fan_out(std::uint64_t seq, const std::shared_ptr<const std::string>& message) {
    if (sessions_.empty()) {
        return;
    }
    // A session may drop itself (queue full) while we iterate: walk a copy.
    std::vector<std::shared_ptr<ws_session>> targets(sessions_.begin(), sessions_.end());
    for (const auto& s : targets) {
        s->deliver(seq, message);
    }
}

std::uint64_t ws_hub::publish(std::string_view type, boost::json::object body) {
    std::shared_ptr<const std::string> message;
    const auto seq = record(type, std::move(body), {}, message);
    fan_out(seq, message);
    return seq;
}

std::uint64_t ws_hub::publish_text(std::string_view type, std::string_view body) {
    const auto seq = ++seq_;
    fan_out(seq, keep(seq, make_message_text(type, seq, body)));
    return seq;
}

std::vector<std::string> ws_hub::publish_to(const std::vector<std::string>& people,
                                            std::string_view type, boost::json::object body) {
    std::vector<std::string> reached;
    if (people.empty()) {
        return reached;
    }
    std::shared_ptr<const std::string> message;
    const auto seq = record(type, std::move(body), people, message);
    std::vector<std::shared_ptr<ws_session>> targets(sessions_.begin(), sessions_.end());
    for (const auto& s : targets) {
        const auto& id = s->who().person_id;
        if (std::find(people.begin(), people.end(), id) != people.end() && s->deliver(seq, message)) {
            if (std::find(reached.begin(), reached.end(), id) == reached.end()) {
                reached.push_back(id);
            }
        }
    }
    return reached;
}

bool ws_hub::replay_from_memory(std::uint64_t after_seq, std::uint64_t upto_seq,
                                std::size_t limit, std::vector<replay_entry>& out) const {
    if (ring_.empty() || ring_.front().seq > after_seq + 1 || ring_.back().seq <= after_seq) {
        return false;
    }
    // The ring's seqs are contiguous: the first wanted message is found by its distance.
    for (auto i = static_cast<std::size_t>(after_seq + 1 - ring_.front().seq);
         i < ring_.size() && ring_[i].seq <= upto_seq && out.size() < limit; ++i) {
        out.push_back({ring_[i].seq, *ring_[i].message});
    }
    return true;
}

void ws_hub::detach(const std::shared_ptr<ws_session>& s) { sessions_.erase(s); }

std::size_t ws_hub::close_unless(const std::function<bool(const ws_identity&)>& keep) {
    std::vector<std::shared_ptr<ws_session>> gone;
    for (const auto& s : sessions_) {
        if (!keep(s->who())) {
            gone.push_back(s);
        }
    }
    for (const auto& s : gone) {
        s->close();
    }
    return gone.size();
}

void ws_hub::close_all() {
    std::vector<std::shared_ptr<ws_session>> all(sessions_.begin(), sessions_.end());
    for (const auto& s : all) {
        s->close();
    }
}

}  // namespace alarmd::notify
