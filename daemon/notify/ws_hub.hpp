#pragma once
// The guard WebSocket hub: every connected person's session, the per-daemon message sequence,
// fan-out with a bounded queue per client (a client that stops reading is dropped, never slowing
// the others), and replay for `resume`. What a request does and where replay comes from are
// hooks the pipeline fills in, so notify/ knows nothing of Redis or incidents.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <boost/json/array.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/object.hpp>

#include "daemon/config/config.hpp"

namespace alarmd::sys {
struct metrics;
class byte_stream;
}

namespace alarmd::notify {

struct ws_identity {
    std::string person_id;
    std::string name;
    std::string role;
    std::string token_sha256;  // the token it logged in with: a reload that drops it ends it
};

using json_reply = std::function<void(boost::json::object reply)>;
// One message of the replay log with its seq (the log is contiguous unless a write was lost).
struct replay_entry {
    std::uint64_t seq = 0;
    std::string message;
};
using replay_result = std::function<void(bool ok, std::vector<replay_entry> entries)>;

struct ws_hooks {
    // The members of `hello` beyond type/seq/you (the open incidents), as the text of a JSON
    // object.
    std::function<std::string(const ws_identity&)> hello;
    // Runs its argument once `hello` can show the whole state (at once, or when the open
    // incidents have been read back at start). Unset: at once.
    std::function<void(std::function<void()>)> when_ready;
    // A client request (ack, arrive, resolve, hold, report). The reply gets type "ok" unless it
    // holds "error"; the hub adds seq and ref.
    std::function<void(const ws_identity&, const boost::json::object& request, json_reply reply)>
        request;
    // Every published message, for the replay log (shared: kept without a copy until written).
    std::function<void(std::uint64_t seq, std::shared_ptr<const std::string> message)> published;
    // One page of the replay log: up to `limit` messages with after_seq < seq <= upto_seq, in
    // seq order. A resume reads page after page as its client's queue drains.
    std::function<void(std::uint64_t after_seq, std::uint64_t upto_seq, std::size_t limit,
                       replay_result)>
        replay;
};

class ws_session;

class ws_hub {
public:
    ws_hub(config::websocket_config cfg, sys::metrics& m);
    ~ws_hub();

    void set_hooks(ws_hooks hooks) { hooks_ = std::move(hooks); }
    // The sequence continues across restarts from what the replay log holds.
    void continue_seq_from(std::uint64_t seq);
    [[nodiscard]] std::uint64_t last_seq() const { return seq_; }

    // Takes over a connection (plain or TLS) whose request is a WebSocket upgrade already
    // authenticated as `who`.
    void accept(sys::byte_stream&& stream,
                boost::beast::http::request<boost::beast::http::string_body> req,
                ws_identity who);

    // Sends {type, seq, ...body} to every client; returns its seq.
    std::uint64_t publish(std::string_view type, boost::json::object body);
    // The same with the body serialized already (a JSON object's text): the per-event path.
    std::uint64_t publish_text(std::string_view type, std::string_view body);

    // Sends {type, seq, to, ...body} to the named people only (a stage's notice). Returns those
    // of them with at least one live connection; the others are offline.
    std::vector<std::string> publish_to(const std::vector<std::string>& people,
                                        std::string_view type, boost::json::object body);

    [[nodiscard]] std::size_t client_count() const { return sessions_.size(); }

    // Closes every session (drain at shutdown).
    void close_all();
    // Closes the sessions `keep` says no to (a reload removed their token or changed their
    // role); how many it closed.
    std::size_t close_unless(const std::function<bool(const ws_identity&)>& keep);

    // Used by sessions.
    void detach(const std::shared_ptr<ws_session>& s);
    [[nodiscard]] const ws_hooks& hooks() const { return hooks_; }
    [[nodiscard]] const config::websocket_config& settings() const { return cfg_; }
    [[nodiscard]] sys::metrics& stats() { return metrics_; }
    // Up to `limit` messages of (after_seq, upto_seq] from the in-memory ring, when it still
    // holds the first of them (after_seq + 1); false when it does not.
    [[nodiscard]] bool replay_from_memory(std::uint64_t after_seq, std::uint64_t upto_seq,
                                          std::size_t limit,
                                          std::vector<replay_entry>& out) const;

private:
    struct recent {
        std::uint64_t seq;
        std::shared_ptr<const std::string> message;
    };

    std::uint64_t record(std::string_view type, boost::json::object body,
                         const std::vector<std::string>& to, std::shared_ptr<const std::string>& out);
    // Keeps a message made for `seq` (ring, replay log hook) and returns it shared.
    std::shared_ptr<const std::string> keep(std::uint64_t seq, std::string message);
    void fan_out(std::uint64_t seq, const std::shared_ptr<const std::string>& message);

    config::websocket_config cfg_;
    sys::metrics& metrics_;
    ws_hooks hooks_;
    std::uint64_t seq_ = 0;
    std::unordered_set<std::shared_ptr<ws_session>> sessions_;
    std::deque<recent> ring_;  // the last messages, for resume while Redis is away
    std::size_t ring_bytes_ = 0;
    static constexpr std::size_t ring_size = 10000;
    static constexpr std::size_t ring_max_bytes = 32 * 1024 * 1024;
};

}  // namespace alarmd::notify
