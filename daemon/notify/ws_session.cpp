#include "daemon/notify/ws_session.hpp"

#include <algorithm>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "daemon/notify/ws_message.hpp"
#include "daemon/sys/exception_text.hpp"
#include "daemon/sys/failpoint.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "daemon/wire/client_message.hpp"

namespace alarmd::notify {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;

namespace {
const auto& log() {
    static auto l = sys::logger("notify.ws");
    return l;
}
constexpr std::size_t max_replay_page = 256;
constexpr std::string_view seq_skip_prefix = R"({"type":"seq.skip")";

struct seq_skip {
    std::uint64_t after = 0;
    bool clean = false;
};

// A restart's marker in the replay log (store::incident_store::mark_seq_skip).
std::optional<seq_skip> seq_skip_of(const std::string& message) {
    if (!message.starts_with(seq_skip_prefix)) {
        return std::nullopt;
    }
    json::error_code ec;
    auto v = json::parse(message, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    const auto* after = v.as_object().if_contains("after");
    const auto* clean = v.as_object().if_contains("clean");
    if (after == nullptr || !after->is_number() || clean == nullptr || !clean->is_bool()) {
        return std::nullopt;
    }
    return seq_skip{after->to_number<std::uint64_t>(), clean->as_bool()};
}
constexpr int send_buffer_bytes = 256 * 1024;
}  // namespace

ws_session::ws_session(ws_hub& hub, sys::byte_stream stream, ws_identity who)
    : hub_(hub), ws_(std::move(stream)), who_(std::move(who)) {
    peer_ = ws_.next_layer().peer();
    // A fixed kernel send buffer: what a console that stops reading can hold is bounded by it
    // and the queue limit, not by the kernel's autotuning (megabytes per connection).
    ws_.next_layer().set_send_buffer_size(send_buffer_bytes);
}

void ws_session::start(beast::http::request<beast::http::string_body> req) {
    asio::co_spawn(ws_.get_executor(), run(std::move(req)),
                   [self = shared_from_this()](std::exception_ptr e) {
                       if (!e) {
                           return;
                       }
                       log()->error("event=ws_session_failed peer={} reason=\"{}\"", self->peer_,
                                    sys::exception_text(e));
                       self->drop("internal error");
                   });
}

asio::awaitable<void> ws_session::run(beast::http::request<beast::http::string_body> req) {
    auto self = shared_from_this();
    const auto& cfg = hub_.settings();
    ws_.next_layer().expires_never();  // the websocket has its own timeouts
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(10);
    t.idle_timeout = cfg.ping_interval * 2;  // a ping goes out at half of this
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.read_message_max(cfg.max_message_bytes);
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
        res.set(beast::http::field::server, "alarmd");
    }));

    auto [ec] = co_await ws_.async_accept(req, asio::as_tuple(asio::use_awaitable));
    if (ec) {
        log()->info("event=ws_handshake_failed peer={} reason={}", peer_, ec.message());
        hub_.detach(self);
        co_return;
    }
    open_ = true;
    log()->info("event=ws_connected peer={} person={} role={}", peer_, who_.person_id, who_.role);

    if (hub_.hooks().when_ready) {
        std::weak_ptr<ws_session> weak = self;
        hub_.hooks().when_ready([weak] {
            if (auto s = weak.lock()) {
                s->send_hello();
            }
        });
    } else {
        send_hello();
    }

    for (;;) {
        buffer_.clear();
        auto [rec, n] = co_await ws_.async_read(buffer_, asio::as_tuple(asio::use_awaitable));
        if (rec) {
            if (rec != websocket::error::closed && rec != asio::error::operation_aborted) {
                log()->info("event=ws_disconnected peer={} person={} reason={}", peer_,
                            who_.person_id, rec.message());
            } else {
                log()->info("event=ws_disconnected peer={} person={}", peer_, who_.person_id);
            }
            break;
        }
        if (!ws_.got_text()) {
            reply(nullptr, {{"error", "binary frames are not accepted; send JSON text"}});
            continue;
        }
        handle(beast::buffers_to_string(buffer_.data()));
    }
    open_ = false;
    hub_.detach(self);
}

// The state as of now, and the seq it stands at: messages published before it are in it, those
// after it follow it.
void ws_session::send_hello() {
    if (!open_ || greeted_) {
        return;
    }
    hello_seq_ = hub_.last_seq();
    std::string state = hub_.hooks().hello ? hub_.hooks().hello(who_) : std::string("{}");
    auto you = json::serialize(
        json::object{{"you", json::object{{"id", who_.person_id},
                                           {"name", who_.name},
                                           {"role", who_.role}}}});
    // {"you":{...}} and the state's members after it.
    if (state.size() > 2) {
        you.back() = ',';
        you.append(state, 1);
    }
    greeted_ = true;
    enqueue(std::make_shared<const std::string>(make_message_text("hello", hello_seq_, you)));
}

void ws_session::handle(const std::string& text) {
    auto m = wire::parse_client_message(text);
    if (!m) {
        reply(m.error().ref, {{"error", m.error().message}});
        return;
    }
    const auto& ref = m->ref;
    if (m->type == "resume") {
        resume(*m->after_seq, ref);
        return;
    }
    if (m->type == "ping") {
        reply(ref, {});
        return;
    }
    if (!hub_.hooks().request) {
        reply(ref, {{"error", "requests are not accepted now"}});
        return;
    }
    std::weak_ptr<ws_session> weak = shared_from_this();
    hub_.hooks().request(who_, m->fields, [weak, ref](json::object body) {
        if (auto self = weak.lock()) {
            self->reply(ref, std::move(body));
        }
    });
}

// Replays what the client missed before this connection: (after_seq, hello seq]. Everything
// later was delivered live on this connection. Live messages wait while the replay is under way
// so the client sees them in seq order; the replay is read in pages as the client's queue
// drains, so a gap of any size the log holds is delivered without overflowing the queue.
void ws_session::resume(std::uint64_t after_seq, json::value ref) {
    if (replay_) {
        reply(ref, {{"error", "a resume is already under way"}});
        return;
    }
    if (after_seq == hello_seq_) {
        reply(ref, {{"replayed", 0}, {"complete", true}});
        return;
    }
    if (after_seq > hello_seq_) {
        // The client saw seqs this daemon has not reached: the sequence went back (the replay
        // log's newest entries were lost with a Redis that restarted without them). What it
        // holds cannot be trusted: it resyncs.
        log()->warn("event=ws_resume_ahead person={} after_seq={} hello_seq={}", who_.person_id,
                    after_seq, hello_seq_);
        reply(ref, {{"replayed", 0}, {"complete", false}});
        return;
    }
    replay_.emplace();
    replay_->cursor = after_seq;
    replay_->upto = hello_seq_;
    replay_->ref = std::move(ref);
    continue_replay();
}

std::size_t ws_session::replay_page_size() const {
    return std::clamp<std::size_t>(hub_.settings().queue_limit / 4, 1, max_replay_page);
}

void ws_session::continue_replay() {
    if (!replay_ || !open_) {
        return;
    }
    auto& r = *replay_;
    const auto limit = hub_.settings().queue_limit;
    if (r.cursor >= r.upto) {
        if (r.catch_up_after) {
            // Live messages overflowed the hold while the range was replayed: they are in the
            // log too, so they are replayed from there up to the newest.
            r.cursor = *r.catch_up_after;
            r.upto = hub_.last_seq();
            r.catch_up_after.reset();
        } else if (queue_.size() + held_.size() <= limit) {
            end_replay(true);
            return;
        } else {
            return;  // the held live messages go out once the queue has room for them
        }
    }
    if (!r.reading && queue_.size() + replay_page_size() <= limit) {
        read_replay_page();
    }
}

void ws_session::read_replay_page() {
    replay_->reading = true;
    if (!hub_.hooks().replay) {
        on_replay_page(false, {});
        return;
    }
    std::weak_ptr<ws_session> weak = shared_from_this();
    hub_.hooks().replay(replay_->cursor, replay_->upto, replay_page_size(),
                        [weak](bool ok, std::vector<replay_entry> entries) {
                            if (auto self = weak.lock()) {
                                self->on_replay_page(ok, std::move(entries));
                            }
                        });
}

void ws_session::on_replay_page(bool ok, std::vector<replay_entry> entries) {
    if (!replay_ || !open_) {
        return;
    }
    replay_->reading = false;
    // Only the part that continues the cursor without a gap counts: a message missing from the
    // log (trimmed, or a write lost) must not be skipped silently. A restart's `seq.skip` entry
    // bridges the seqs no run used; after a crash it ends the replay (what the crashed run sent
    // last may be missing).
    std::size_t usable = 0;
    std::uint64_t next = replay_->cursor + 1;
    bool crash_gap = false;
    while (ok && usable < entries.size()) {
        const auto& e = entries[usable];
        const auto skip = seq_skip_of(e.message);
        if (e.seq != next && (!skip || skip->after >= next)) {
            break;  // a seq before it is missing
        }
        if (skip && !skip->clean) {
            crash_gap = true;
            break;
        }
        next = e.seq + 1;
        ++usable;
    }
    if (usable == 0 && !crash_gap) {
        // Redis is away or no longer holds the next message: the in-memory ring may.
        entries.clear();
        if (!hub_.replay_from_memory(replay_->cursor, replay_->upto, replay_page_size(),
                                     entries) ||
            entries.empty()) {
            end_replay(false);
            return;
        }
        usable = entries.size();
    }
    entries.resize(usable);
    for (const auto& e : entries) {
        if (e.message.starts_with(seq_skip_prefix)) {
            replay_->cursor = e.seq;  // seqs no run used: nothing to send
            continue;
        }
        if (addressed_to_me(e.message)) {
            enqueue(std::make_shared<const std::string>(e.message));
            ++replay_->sent;
        }
        replay_->cursor = e.seq;
    }
    sys::failpoint("replay_page");  // a page queued, the replay not finished (tests kill here)
    if (crash_gap) {
        end_replay(false);
        return;
    }
    continue_replay();
}

// Answers the resume and lets the held live messages follow. Incomplete: the client resyncs
// from GET /v1/incidents?state=open.
void ws_session::end_replay(bool complete) {
    auto ref = std::move(replay_->ref);
    const auto sent = replay_->sent;
    if (!complete) {
        log()->info("event=ws_resume_incomplete person={} replayed={} missing_after_seq={}",
                    who_.person_id, sent, replay_->cursor);
    }
    replay_.reset();
    reply(ref, {{"replayed", sent}, {"complete", complete}});
    while (!held_.empty()) {
        enqueue(std::move(held_.front().second));
        held_.pop_front();
    }
}

bool ws_session::addressed_to_me(const std::string& message) const {
    if (message.find("\"to\":[") == std::string::npos) {
        return true;  // broadcast
    }
    json::error_code ec;
    auto v = json::parse(message, ec);
    if (ec || !v.is_object()) {
        return false;
    }
    const auto* to = v.as_object().if_contains("to");
    if (to == nullptr || !to->is_array()) {
        return true;
    }
    for (const auto& p : to->as_array()) {
        if (p.is_string() && p.as_string() == who_.person_id) {
            return true;
        }
    }
    return false;
}

void ws_session::reply(const json::value& ref, json::object body) {
    const bool failed = body.contains("error");
    body["ref"] = ref;
    enqueue(std::make_shared<const std::string>(
        make_message(failed ? "error" : "ok", hub_.last_seq(), std::move(body))));
}

bool ws_session::deliver(std::uint64_t seq, const std::shared_ptr<const std::string>& message) {
    if (!open_ || !greeted_) {
        return false;  // before hello: the hello to come shows what this message changed
    }
    if (replay_) {
        if (replay_->catch_up_after) {
            return true;  // replayed from the log after the range
        }
        if (held_.size() >= hub_.settings().queue_limit / 2) {
            // More live traffic than the hold may keep: from the oldest held one on, everything
            // is replayed from the log once the range is done.
            replay_->catch_up_after = (held_.empty() ? seq : held_.front().first) - 1;
            held_.clear();
            return true;
        }
        held_.emplace_back(seq, message);
        return true;
    }
    enqueue(message);
    return open_;
}

void ws_session::enqueue(std::shared_ptr<const std::string> message) {
    if (!open_) {
        return;
    }
    if (queue_.size() >= hub_.settings().queue_limit) {
        drop("queue full");
        return;
    }
    queue_.push_back(std::move(message));
    ++hub_.stats().ws_messages;
    if (!writing_) {
        do_write();
    }
}

void ws_session::do_write() {
    if (queue_.empty()) {
        if (closing_) {
            ws_.async_close(websocket::close_code::going_away,
                            [self = shared_from_this()](beast::error_code) {});
        }
        return;
    }
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->on_write(ec);
                    });
}

void ws_session::on_write(beast::error_code ec) {
    writing_ = false;
    if (ec) {
        open_ = false;
        return;  // the read loop sees the same failure and detaches
    }
    if (!open_ || queue_.empty()) {
        return;  // dropped while this write was in flight: drop() emptied the queue
    }
    queue_.pop_front();
    continue_replay();  // room for the next page of a resume
    if (!writing_) {
        do_write();
    }
}

void ws_session::close() {
    if (!open_ || closing_) {
        return;
    }
    closing_ = true;
    if (!writing_) {
        do_write();
    }
}

// A client that does not keep up loses its connection, not the others' messages: closing the
// socket ends its pending read and write at once.
void ws_session::drop(const char* reason) {
    if (!open_) {
        return;
    }
    open_ = false;
    queue_.clear();
    held_.clear();
    replay_.reset();
    ++hub_.stats().ws_dropped;
    log()->warn("event=ws_dropped peer={} person={} reason=\"{}\"", peer_, who_.person_id, reason);
    ws_.next_layer().close();
}

}  // namespace alarmd::notify
