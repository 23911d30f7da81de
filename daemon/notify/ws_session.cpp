#include "daemon/notify/ws_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include "daemon/notify/ws_message.hpp"
#include "daemon/sys/exception_text.hpp"
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
constexpr std::size_t max_replay = 10000;
constexpr int send_buffer_bytes = 256 * 1024;
}  // namespace

ws_session::ws_session(ws_hub& hub, asio::ip::tcp::socket socket, ws_identity who)
    : hub_(hub), ws_(std::move(socket)), who_(std::move(who)) {
    beast::error_code ec;
    auto& sock = beast::get_lowest_layer(ws_).socket();
    auto ep = sock.remote_endpoint(ec);
    peer_ = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
    // A fixed kernel send buffer: what a console that stops reading can hold is bounded by it
    // and the queue limit, not by the kernel's autotuning (megabytes per connection).
    sock.set_option(asio::socket_base::send_buffer_size(send_buffer_bytes), ec);
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
    beast::get_lowest_layer(ws_).expires_never();  // the websocket has its own timeouts
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
// so the client sees them in seq order.
void ws_session::resume(std::uint64_t after_seq, json::value ref) {
    if (replaying_) {
        reply(ref, {{"error", "a resume is already under way"}});
        return;
    }
    if (after_seq >= hello_seq_) {
        reply(ref, {{"replayed", 0}, {"complete", true}});
        return;
    }
    replaying_ = true;
    std::weak_ptr<ws_session> weak = shared_from_this();
    auto done = [weak, after_seq, ref](bool ok, std::vector<std::string> messages) {
        if (auto self = weak.lock()) {
            self->finish_resume(ok, messages, after_seq, ref);
        }
    };
    if (hub_.hooks().replay) {
        hub_.hooks().replay(after_seq, hello_seq_, std::move(done));
    } else {
        done(false, {});
    }
}

void ws_session::finish_resume(bool ok, const std::vector<std::string>& messages,
                               std::uint64_t after_seq, const json::value& ref) {
    std::vector<std::string> from_memory;
    const std::vector<std::string>* source = &messages;
    if (!ok) {
        if (!hub_.replay_from_memory(after_seq, hello_seq_, who_.person_id, from_memory)) {
            // Neither the replay log nor memory holds the whole gap: say so at once, so the
            // console resyncs from GET /v1/incidents?state=open.
            log()->info("event=ws_resume_incomplete person={} after_seq={} hello_seq={}",
                        who_.person_id, after_seq, hello_seq_);
            replaying_ = false;
            reply(ref, {{"replayed", 0}, {"complete", false}});
            while (!held_.empty()) {
                enqueue(std::move(held_.front()));
                held_.pop_front();
            }
            return;
        }
        source = &from_memory;
    }
    std::size_t sent = 0;
    bool complete = true;
    for (const auto& m : *source) {
        if (sent == max_replay) {
            complete = false;
            break;
        }
        if (!addressed_to_me(m)) {
            continue;  // another person's notice
        }
        enqueue(std::make_shared<const std::string>(m));
        ++sent;
    }
    replaying_ = false;
    reply(ref, {{"replayed", sent}, {"complete", complete}});
    while (!held_.empty()) {
        enqueue(std::move(held_.front()));
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

bool ws_session::deliver(std::uint64_t, const std::shared_ptr<const std::string>& message) {
    if (!open_ || !greeted_) {
        return false;  // before hello: the hello to come shows what this message changed
    }
    if (replaying_) {
        if (held_.size() >= hub_.settings().queue_limit) {
            drop("queue full");
            return false;
        }
        held_.push_back(message);
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
    do_write();
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
    ++hub_.stats().ws_dropped;
    log()->warn("event=ws_dropped peer={} person={} reason=\"{}\"", peer_, who_.person_id, reason);
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace alarmd::notify
