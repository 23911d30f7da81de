#include "daemon/store/redis_client.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include "daemon/store/command_coalescer.hpp"
#include "daemon/store/redis_asio_adapter.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::store {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// Commands that would switch the connection into a push mode hiredis 0.14's reply matching
// (and our PING health check) cannot follow. Pub/sub needs a connection of its own.
bool is_push_mode_command(const std::string& name) {
    static constexpr const char* rejected[] = {"subscribe",   "psubscribe",   "ssubscribe",
                                               "unsubscribe", "punsubscribe", "sunsubscribe",
                                               "monitor"};
    return std::any_of(std::begin(rejected), std::end(rejected), [&](const char* r) {
        return std::equal(name.begin(), name.end(), r, r + std::char_traits<char>::length(r),
                          [](char a, char b) { return (a | 0x20) == b; });
    });
}

redis_reply copy_reply(const redisReply& r) {
    redis_reply out;
    switch (r.type) {
        case REDIS_REPLY_STATUS:
            out.type = redis_reply::kind::status;
            out.str.assign(r.str, r.len);
            break;
        case REDIS_REPLY_ERROR:
            out.type = redis_reply::kind::error;
            out.str.assign(r.str, r.len);
            break;
        case REDIS_REPLY_STRING:
            out.type = redis_reply::kind::string;
            out.str.assign(r.str, r.len);
            break;
        case REDIS_REPLY_INTEGER:
            out.type = redis_reply::kind::integer;
            out.integer = r.integer;
            break;
        case REDIS_REPLY_ARRAY:
            out.type = redis_reply::kind::array;
            out.elements.reserve(r.elements);
            for (std::size_t i = 0; i < r.elements; ++i) {
                out.elements.push_back(copy_reply(*r.element[i]));
            }
            break;
        default:
            out.type = redis_reply::kind::nil;
            break;
    }
    return out;
}

// hiredis 0.14 writes with write(2), not send(MSG_NOSIGNAL): a write to a connection the
// server just reset raises SIGPIPE, whose default action kills the whole daemon. Only a
// default disposition is changed, so a handler installed by main() is left alone.
void ignore_sigpipe_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction current {};
        if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
            std::signal(SIGPIPE, SIG_IGN);
        }
    });
}

std::string describe(const redis_endpoint& ep) {
    if (ep.unix_socket) {
        return "unix:" + ep.path;
    }
    const bool ipv6 = ep.host.find(':') != std::string::npos;
    return (ipv6 ? "[" + ep.host + "]" : ep.host) + ":" + std::to_string(ep.port);
}

// A callback with what it is to be told.
struct answer {
    redis_callback cb;
    boost::system::error_code ec;
    redis_reply reply;
};

// Runs the callbacks in order. One that throws ends the handler it runs in (the loop logs the
// exception and goes on): the rest are posted, so no caller is left without its answer.
void run_each(boost::asio::io_context& ioc, std::vector<answer>& batch) {
    for (std::size_t i = 0; i < batch.size(); ++i) {
        try {
            batch[i].cb(batch[i].ec, std::move(batch[i].reply));
        } catch (...) {
            for (std::size_t j = i + 1; j < batch.size(); ++j) {
                boost::asio::post(ioc, [a = std::move(batch[j])]() mutable {
                    a.cb(a.ec, std::move(a.reply));
                });
            }
            throw;
        }
    }
}

}  // namespace


// Shared by the MULTI, queued-command and EXEC callbacks of one transaction().
struct txn_state {
    bool has_error = false;
    redis_reply first_error;
};

// What hiredis hands back to on_reply as privdata: one heap object per command (a
// transaction's steps share its txn_state instead), deleted when hiredis calls back, with a
// reply or (on disconnect or free) with nullptr.
struct pending_reply {
    enum class role { user, txn_exec, auth, select, ready, ping };
    role what = role::user;
    redis_callback cb;
    std::shared_ptr<txn_state> txn;
};

struct redis_client::impl : std::enable_shared_from_this<impl> {
    impl(asio::io_context& ioc, redis_options opts);

    void start();
    void stop();
    void command(redis_command args, redis_callback cb);
    void transaction(std::vector<redis_command> cmds, redis_callback cb);
    void flush_group();

    // Connection life cycle.
    void connect();
    void open(std::uint64_t generation, const std::string& address);
    void on_connected(const redisAsyncContext* ac, int status);
    void on_disconnected(const redisAsyncContext* ac);
    void on_handshake_reply(pending_reply::role what, const redisReply& reply);
    void on_ping_tick(std::uint64_t generation);
    void down(error_code ec, const char* reason, const std::string& detail,
              redisAsyncContext* to_free);
    void schedule_retry(const char* reason, const std::string& detail, bool was_up);
    void report_state(bool up);

    // Commands.
    bool send(const redis_command& args, std::unique_ptr<pending_reply>& p);
    bool send_step(const redis_command& args, txn_state& txn);
    void post_error(redis_callback cb, error_code ec);
    void on_reply(redisAsyncContext* ac, pending_reply& p, const redisReply* reply);

    void run_answered();
    static void reply_thunk(redisAsyncContext* ac, void* reply, void* privdata);
    static void step_thunk(redisAsyncContext* ac, void* reply, void* privdata);

    asio::io_context& ioc_;
    redis_options opts_;
    redis_endpoint endpoint_;
    std::string endpoint_text_;  // for logs: never contains the password
    std::shared_ptr<spdlog::logger> log_;
    asio::steady_timer connect_timer_;
    asio::steady_timer retry_timer_;
    asio::steady_timer ping_timer_;
    asio::ip::tcp::resolver resolver_;
    std::function<void(bool)> state_cb_;

    redisAsyncContext* ac_ = nullptr;  // the live connection, or nullptr
    // Bumped on every connect attempt and on stop(): a timer handler whose expiry was already
    // queued when the timer was cancelled sees a stale generation and does nothing.
    std::uint64_t generation_ = 0;
    std::uint64_t attempts_ = 0;
    error_code down_reason_;  // what the callbacks of a context we freed ourselves are told
    std::chrono::milliseconds backoff_;
    bool running_ = false;
    bool connected_ = false;    // SELECT answered OK on ac_
    bool reported_up_ = false;  // last state given to state_cb_
    bool failing_ = false;      // in a streak of failed attempts: only the first is a warning
    bool ping_outstanding_ = false;
    int missed_ping_ticks_ = 0;

    // Group commit: the transactions asked for in one turn of the loop go out as one
    // MULTI/EXEC at its end (or before the next plain command, which keeps the order), each
    // caller getting its own commands' replies.
    struct group_part {
        std::size_t commands = 0;
        redis_callback cb;
    };
    std::vector<redis_command> group_commands_;
    std::vector<group_part> group_parts_;
    bool group_posted_ = false;
    std::string resp_;  // reused by send()
    // Answers taken in the read under way, run by run_answered() after it.
    std::vector<answer> answered_;
};

redis_client::impl::impl(asio::io_context& ioc, redis_options opts)
    : ioc_(ioc),
      opts_(std::move(opts)),
      log_(sys::logger("store.redis")),
      connect_timer_(ioc),
      retry_timer_(ioc),
      ping_timer_(ioc),
      resolver_(ioc),
      backoff_(opts_.reconnect_min) {
    std::string error;
    if (!parse_redis_url(opts_.url, endpoint_, error)) {
        throw std::invalid_argument("redis: " + error);
    }
    using std::chrono::milliseconds;
    if (opts_.connect_timeout <= milliseconds::zero() ||
        opts_.ping_interval <= milliseconds::zero() ||
        opts_.reconnect_min <= milliseconds::zero() || opts_.reconnect_max < opts_.reconnect_min) {
        throw std::invalid_argument(
            "redis: connect_timeout, ping_interval and reconnect_min must be positive and "
            "reconnect_max >= reconnect_min");
    }
    endpoint_text_ = describe(endpoint_);
}

void redis_client::impl::start() {
    if (running_) {
        return;
    }
    ignore_sigpipe_once();
    running_ = true;
    failing_ = false;
    backoff_ = opts_.reconnect_min;
    connect();
}

void redis_client::impl::stop() {
    if (!running_ && ac_ == nullptr) {
        return;
    }
    running_ = false;
    ++generation_;
    retry_timer_.cancel();
    connect_timer_.cancel();
    ping_timer_.cancel();
    resolver_.cancel();
    const bool was_up = connected_;
    if (ac_ != nullptr) {
        down(asio::error::operation_aborted, "stopped", {}, ac_);
    }
    if (was_up) {
        report_state(false);
    }
    log_->info("event=redis_stopped endpoint={}", endpoint_text_);
}

void redis_client::impl::connect() {
    const std::uint64_t generation = ++generation_;
    ++attempts_;
    error_code not_numeric;
    if (!endpoint_.unix_socket) {
        (void)asio::ip::make_address(endpoint_.host, not_numeric);
    }
    if (endpoint_.unix_socket || !not_numeric) {
        open(generation, endpoint_.host);
        return;
    }
    // A host name: hiredis would resolve it with a blocking getaddrinfo on the event loop, on
    // every reconnect. Asio resolves it on its own thread; hiredis gets the address.
    resolver_.async_resolve(
        endpoint_.host, std::to_string(endpoint_.port),
        [weak = weak_from_this(), generation](error_code ec,
                                              const asio::ip::tcp::resolver::results_type& found) {
            auto self = weak.lock();
            if (!self || !self->running_ || self->generation_ != generation) {
                return;
            }
            if (ec || found.empty()) {
                self->schedule_retry("resolve_failed",
                                     ec ? ec.message() : "no address for " + self->endpoint_.host,
                                     false);
                return;
            }
            // IPv4 first when the name has both: a server on 127.0.0.1 is not on ::1.
            auto pick = found.begin();
            for (auto it = found.begin(); it != found.end(); ++it) {
                if (it->endpoint().address().is_v4()) {
                    pick = it;
                    break;
                }
            }
            self->open(generation, pick->endpoint().address().to_string());
        });
}

void redis_client::impl::open(std::uint64_t generation, const std::string& address) {
    redisAsyncContext* ac = endpoint_.unix_socket
                                ? redisAsyncConnectUnix(endpoint_.path.c_str())
                                : redisAsyncConnect(address.c_str(), endpoint_.port);
    if (ac == nullptr) {
        schedule_retry("connect_failed", "out of memory", false);
        return;
    }
    if (ac->err != 0) {
        // Failed synchronously (a refused loopback connect, a missing unix socket): no event
        // library is attached yet, so freeing it here runs no callback of ours.
        const std::string detail = ac->c.errstr;
        redisAsyncFree(ac);
        schedule_retry("connect_failed", detail, false);
        return;
    }
    ac->data = this;
    auto after_read = [weak = weak_from_this()] {
        if (auto self = weak.lock()) {
            self->run_answered();
        }
    };
    if (!detail::attach_to_asio(ioc_, ac, std::move(after_read))) {
        redisAsyncFree(ac);
        schedule_retry("connect_failed", "cannot register the socket with the io_context", false);
        return;
    }
    ac_ = ac;
    redisAsyncSetDisconnectCallback(ac, [](const redisAsyncContext* c, int) {
        static_cast<impl*>(c->data)->on_disconnected(c);
    });
    // After attach_to_asio: this is the call that arms the first write event.
    redisAsyncSetConnectCallback(ac, [](const redisAsyncContext* c, int status) {
        static_cast<impl*>(c->data)->on_connected(c, status);
    });

    // hiredis 0.14 has no connect timeout. This one covers TCP connect, AUTH and SELECT, so a
    // server that accepts but never answers (stopped, overloaded) counts as unreachable too.
    connect_timer_.expires_after(opts_.connect_timeout);
    connect_timer_.async_wait([weak = weak_from_this(), generation](error_code ec) {
        auto self = weak.lock();
        if (ec || !self || self->generation_ != generation || self->ac_ == nullptr ||
            self->connected_) {
            return;
        }
        self->down(asio::error::timed_out, "connect_timeout", {}, self->ac_);
    });
}

void redis_client::impl::on_connected(const redisAsyncContext* ac, int status) {
    if (ac != ac_) {
        return;
    }
    if (status != REDIS_OK) {
        // hiredis frees the context itself right after this callback returns.
        down(asio::error::connection_refused, "connect_failed", ac->c.errstr, nullptr);
        return;
    }
    // Queued behind each other on the fresh connection; the PING after SELECT decides "up" (a
    // Redis still loading its AOF takes SELECT but answers everything else with LOADING).
    std::unique_ptr<pending_reply> p;
    if (!endpoint_.password.empty()) {
        p = std::make_unique<pending_reply>(pending_reply{pending_reply::role::auth, {}, {}});
        if (!send({"AUTH", endpoint_.password}, p)) {
            return;  // the connect timer ends this attempt, from outside hiredis
        }
    }
    p = std::make_unique<pending_reply>(pending_reply{pending_reply::role::select, {}, {}});
    if (!send({"SELECT", std::to_string(endpoint_.db)}, p)) {
        return;  // as above
    }
    p = std::make_unique<pending_reply>(pending_reply{pending_reply::role::ready, {}, {}});
    send({"PING"}, p);  // on failure: as above
}

void redis_client::impl::on_disconnected(const redisAsyncContext* ac) {
    // Contexts we freed ourselves were detached from ac_ before the free.
    if (ac != ac_) {
        return;
    }
    down(asio::error::connection_reset, "connection_lost", ac->c.errstr, nullptr);
}

void redis_client::impl::on_handshake_reply(pending_reply::role what, const redisReply& reply) {
    if (reply.type == REDIS_REPLY_ERROR && what == pending_reply::role::ready) {
        // LOADING (a restarted Redis reading its AOF) and the like: not up yet. Try again after
        // the back-off; nothing is sent to a server that would refuse it.
        log_->info("event=redis_not_ready endpoint={} detail=\"{}\" retry_in_ms={}",
                   endpoint_text_, std::string(reply.str, reply.len), backoff_.count());
        down(asio::error::try_again, "not_ready", std::string(reply.str, reply.len), ac_);
        return;
    }
    if (reply.type == REDIS_REPLY_ERROR) {
        // Redis error texts (WRONGPASS, NOAUTH, ERR DB index is out of range) never echo the
        // password, so they are safe to log. A configuration error, so an error, but once per
        // streak of failures, not once per retry.
        const char* reason = what == pending_reply::role::auth ? "auth_failed" : "select_failed";
        log_->log(failing_ ? spdlog::level::debug : spdlog::level::err,
                  "event=redis_handshake_failed endpoint={} reason={} detail=\"{}\"",
                  endpoint_text_, reason, std::string(reply.str, reply.len));
        down(asio::error::access_denied, reason, std::string(reply.str, reply.len), ac_);
        return;
    }
    if (what != pending_reply::role::ready) {
        return;  // AUTH and SELECT answered OK: the PING behind them decides
    }
    connected_ = true;
    failing_ = false;
    backoff_ = opts_.reconnect_min;
    connect_timer_.cancel();
    log_->info("event=redis_connected endpoint={} db={}", endpoint_text_, endpoint_.db);

    ping_outstanding_ = false;
    missed_ping_ticks_ = 0;
    const std::uint64_t generation = generation_;
    ping_timer_.expires_after(opts_.ping_interval);
    ping_timer_.async_wait([weak = weak_from_this(), generation](error_code ec) {
        auto self = weak.lock();
        if (!ec && self) {
            self->on_ping_tick(generation);
        }
    });
    report_state(true);
}

// One PING in flight at a time; the connection is declared dead when no reply at all (to the
// PING or to anything sent before it) comes for three ticks. Replies are in order, so a long
// pipeline ahead of the PING delays it, but its replies keep the connection alive.
void redis_client::impl::on_ping_tick(std::uint64_t generation) {
    if (generation != generation_ || !connected_) {
        return;
    }
    if (ping_outstanding_) {
        if (++missed_ping_ticks_ >= 3) {
            down(asio::error::timed_out, "ping_timeout", {}, ac_);
            return;
        }
    } else {
        auto p = std::make_unique<pending_reply>(pending_reply{pending_reply::role::ping, {}, {}});
        if (!send({"PING"}, p)) {
            down(asio::error::connection_aborted, "send_failed", {}, ac_);
            return;
        }
        ping_outstanding_ = true;
        missed_ping_ticks_ = 0;
    }
    ping_timer_.expires_after(opts_.ping_interval);
    ping_timer_.async_wait([weak = weak_from_this(), generation](error_code ec) {
        auto self = weak.lock();
        if (!ec && self) {
            self->on_ping_tick(generation);
        }
    });
}

// The one place a connection ends. to_free is the context when we end it ourselves; nullptr
// when hiredis is already tearing it down. Callbacks still pending on a context we free are
// run by hiredis during redisAsyncFree (at once, or right after the current callback when we
// are inside one) and told down_reason_.
void redis_client::impl::down(error_code ec, const char* reason, const std::string& detail,
                              redisAsyncContext* to_free) {
    const bool was_up = connected_;
    ac_ = nullptr;
    connected_ = false;
    ping_outstanding_ = false;
    down_reason_ = ec;
    connect_timer_.cancel();
    ping_timer_.cancel();
    if (to_free != nullptr) {
        redisAsyncFree(to_free);
    }
    if (!running_) {
        return;
    }
    if (was_up) {
        report_state(false);
    }
    schedule_retry(reason, detail, was_up);
}

void redis_client::impl::schedule_retry(const char* reason, const std::string& detail,
                                        bool was_up) {
    if (!running_) {
        return;
    }
    const auto delay = backoff_;
    backoff_ = std::min(backoff_ * 2, opts_.reconnect_max);
    // A server that stays away would otherwise log a warning per attempt.
    const auto level = (was_up || !failing_) ? spdlog::level::warn : spdlog::level::debug;
    failing_ = true;
    if (detail.empty()) {
        log_->log(level, "event=redis_down endpoint={} reason={} retry_in_ms={}", endpoint_text_,
                  reason, delay.count());
    } else {
        log_->log(level, "event=redis_down endpoint={} reason={} detail=\"{}\" retry_in_ms={}",
                  endpoint_text_, reason, detail, delay.count());
    }

    const std::uint64_t generation = ++generation_;
    retry_timer_.expires_after(delay);
    retry_timer_.async_wait([weak = weak_from_this(), generation](error_code ec) {
        auto self = weak.lock();
        if (!ec && self && self->generation_ == generation && self->running_) {
            self->connect();
        }
    });
}

// Posted, never called inline: a state callback may stop or destroy the client, which must
// not happen while hiredis is inside one of our callbacks.
void redis_client::impl::report_state(bool up) {
    if (up == reported_up_) {
        return;
    }
    reported_up_ = up;
    asio::post(ioc_, [weak = weak_from_this(), up] {
        if (auto self = weak.lock()) {
            auto cb = self->state_cb_;  // a copy: the callback may replace itself
            if (cb) {
                cb(up);
            }
        }
    });
}

// The RESP encoding of a command ("*N\r\n" then "$len\r\narg\r\n" for each), written here
// rather than by hiredis's printf-style formatter: it runs for every command of every event.
static void append_resp(std::string& out, const redis_command& args) {
    auto number = [&out](std::size_t n) {
        char buf[24];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
        out.append(buf, end);
    };
    out.push_back('*');
    number(args.size());
    out.append("\r\n");
    for (const auto& a : args) {
        out.push_back('$');
        number(a.size());
        out.append("\r\n");
        out.append(a);
        out.append("\r\n");
    }
}

// At least what append_resp writes for these commands (16 bytes for each count line).
static std::size_t resp_size_bound(const std::vector<redis_command>& cmds) {
    std::size_t bytes = 0;
    for (const auto& c : cmds) {
        bytes += 16;
        for (const auto& a : c) {
            bytes += a.size() + 16;  // $len\r\n, the bytes, \r\n
        }
    }
    return bytes;
}

bool redis_client::impl::send(const redis_command& args, std::unique_ptr<pending_reply>& p) {
    resp_.clear();
    append_resp(resp_, args);
    const int rc = redisAsyncFormattedCommand(ac_, p ? &impl::reply_thunk : nullptr, p.get(),
                                              resp_.data(), resp_.size());
    if (rc != REDIS_OK) {
        // Only when the context is being torn down or out of memory. No down() here: send()
        // also runs inside hiredis's connect callback, where freeing the context is not safe.
        return false;
    }
    p.release();  // hiredis owns it now; reply_thunk deletes it
    return true;
}

bool redis_client::impl::send_step(const redis_command& args, txn_state& txn) {
    resp_.clear();
    append_resp(resp_, args);
    return redisAsyncFormattedCommand(ac_, &impl::step_thunk, &txn, resp_.data(),
                                      resp_.size()) == REDIS_OK;
}

void redis_client::impl::post_error(redis_callback cb, error_code ec) {
    if (cb) {
        asio::post(ioc_, [cb = std::move(cb), ec] { cb(ec, {}); });
    }
}

void redis_client::impl::command(redis_command args, redis_callback cb) {
    if (args.empty() || is_push_mode_command(args.front())) {
        post_error(std::move(cb), args.empty() ? asio::error::invalid_argument
                                               : asio::error::operation_not_supported);
        return;
    }
    if (!connected_) {
        post_error(std::move(cb), asio::error::not_connected);
        return;
    }
    flush_group();  // transactions asked for before this command go out before it
    if (!cb) {
        // Fire and forget: hiredis discards the reply without calling anything.
        std::unique_ptr<pending_reply> none;
        send(args, none);
        return;
    }
    auto p = std::make_unique<pending_reply>(
        pending_reply{pending_reply::role::user, std::move(cb), {}});
    if (!send(args, p)) {
        post_error(std::move(p->cb), asio::error::not_connected);
    }
}

void redis_client::impl::transaction(std::vector<redis_command> cmds, redis_callback cb) {
    for (const auto& c : cmds) {
        if (c.empty() || is_push_mode_command(c.front())) {
            post_error(std::move(cb), asio::error::invalid_argument);
            return;
        }
    }
    if (!connected_) {
        post_error(std::move(cb), asio::error::not_connected);
        return;
    }
    group_parts_.push_back({cmds.size(), std::move(cb)});
    group_commands_.insert(group_commands_.end(), std::make_move_iterator(cmds.begin()),
                           std::make_move_iterator(cmds.end()));
    if (!group_posted_) {
        group_posted_ = true;
        asio::post(ioc_, [weak = weak_from_this()] {
            if (auto self = weak.lock()) {
                self->group_posted_ = false;
                self->flush_group();
                if (self->ac_ != nullptr) {
                    detail::write_now(self->ac_);  // this is the end of the turn already
                }
            }
        });
    }
}

void redis_client::impl::flush_group() {
    if (group_parts_.empty()) {
        return;
    }
    auto folded = coalesce(std::move(group_commands_));
    auto parts = std::move(group_parts_);
    group_commands_.clear();
    group_parts_.clear();
    // Hands each caller the replies of the commands that did its commands (a folded command's
    // reply goes to every caller it served), or the transaction's error.
    auto split = [parts = std::move(parts), origin = std::move(folded.origin), ioc = &ioc_](
                     error_code ec, redis_reply r) mutable {
        const bool whole = !ec && r.type == redis_reply::kind::array;
        std::vector<std::size_t> last_use(whole ? r.elements.size() : 0, 0);
        for (std::size_t g = 0; g < origin.size() && whole; ++g) {
            if (origin[g] < last_use.size()) {
                last_use[origin[g]] = g;
            }
        }
        std::vector<answer> answers;
        answers.reserve(parts.size());
        std::size_t at = 0;
        for (auto& part : parts) {
            if (!part.cb || !whole) {
                if (part.cb) {
                    answers.push_back({std::move(part.cb), ec, r});
                }
                at += part.commands;
                continue;
            }
            redis_reply mine;
            mine.type = redis_reply::kind::array;
            mine.elements.reserve(part.commands);
            for (std::size_t i = 0; i < part.commands && at < origin.size(); ++i, ++at) {
                const auto e = origin[at];
                if (e >= r.elements.size()) {
                    break;
                }
                if (last_use[e] == at) {
                    mine.elements.push_back(std::move(r.elements[e]));
                } else {
                    mine.elements.push_back(r.elements[e]);
                }
            }
            answers.push_back({std::move(part.cb), {}, std::move(mine)});
        }
        run_each(*ioc, answers);
    };
    auto& cmds = folded.commands;
    if (!connected_) {
        asio::post(ioc_, [split = std::move(split)]() mutable {
            split(asio::error::not_connected, {});
        });
        return;
    }
    detail::reserve_output(ac_, resp_size_bound(cmds) + 32);  // + MULTI and EXEC
    auto txn = std::make_shared<txn_state>();
    // The steps share the EXEC's state instead of an object each: their replies come before
    // the EXEC's, whose pending_reply keeps the state alive until then.
    auto step = [&](const redis_command& args) { return send_step(args, *txn); };
    if (!step({"MULTI"})) {
        asio::post(ioc_, [split = std::move(split)]() mutable {
            split(asio::error::not_connected, {});
        });
        return;
    }
    for (const auto& c : cmds) {
        if (!step(c)) {
            // A MULTI without its EXEC would swallow every later command: end the connection.
            down(asio::error::connection_aborted, "send_failed", {}, ac_);
            asio::post(ioc_, [split = std::move(split)]() mutable {
                split(asio::error::not_connected, {});
            });
            return;
        }
    }
    auto exec = std::make_unique<pending_reply>(
        pending_reply{pending_reply::role::txn_exec, std::move(split), txn});
    if (!send({"EXEC"}, exec)) {
        down(asio::error::connection_aborted, "send_failed", {}, ac_);
        post_error(std::move(exec->cb), asio::error::not_connected);
    }
}

// MULTI answers OK and each command QUEUED; an error here (wrong arity, unknown command) makes
// EXEC fail with EXECABORT, and is the more useful text to report. No reply: the connection is
// going, and the EXEC's callback reports that (the state may be gone already).
void redis_client::impl::step_thunk(redisAsyncContext*, void* reply, void* privdata) {
    const auto* r = static_cast<const redisReply*>(reply);
    if (r == nullptr || r->type != REDIS_REPLY_ERROR) {
        return;
    }
    auto& txn = *static_cast<txn_state*>(privdata);
    if (!txn.has_error) {
        txn.has_error = true;
        txn.first_error = copy_reply(*r);
    }
}

// The answers of one read, in order, once hiredis has returned: at once rather than posted,
// which saved the loop a round (and its epoll_wait) per Redis round trip. A callback may stop
// or destroy the client: the batch is taken first, and the caller holds *this.
void redis_client::impl::run_answered() {
    auto batch = std::move(answered_);
    answered_.clear();
    run_each(ioc_, batch);
}

void redis_client::impl::reply_thunk(redisAsyncContext* ac, void* reply, void* privdata) {
    std::unique_ptr<pending_reply> p(static_cast<pending_reply*>(privdata));
    static_cast<impl*>(ac->data)->on_reply(ac, *p, static_cast<const redisReply*>(reply));
}

// Runs inside hiredis: nothing here may call back into user code directly (answers wait in
// answered_ for the end of the read, errors are posted) and nothing may free the context except
// through down(), which hiredis defers while it is inside a callback.
void redis_client::impl::on_reply(redisAsyncContext* ac, pending_reply& p,
                                  const redisReply* reply) {
    using role = pending_reply::role;
    if (reply == nullptr) {
        // ac == ac_: hiredis is tearing down a connection it found broken; on_disconnected
        // follows. Otherwise we freed it and down_reason_ says why.
        const error_code ec = ac == ac_ ? error_code(asio::error::connection_reset) : down_reason_;
        if (p.what == role::user || p.what == role::txn_exec) {
            post_error(std::move(p.cb), ec);
        }
        return;
    }
    if (ac == ac_) {
        // Any answer shows the server alive: a PING queued behind a long pipeline is late, not
        // lost. Only a server that answers nothing for three ticks is declared down.
        missed_ping_ticks_ = 0;
    }
    switch (p.what) {
        case role::user:
            if (p.cb) {
                answered_.push_back({std::move(p.cb), {}, copy_reply(*reply)});
            }
            break;
        case role::txn_exec:
            if (!p.cb) {
                break;
            }
            if (reply->type == REDIS_REPLY_NIL) {
                // EXEC is nil only when a WATCHed key changed: the transaction did not run.
                post_error(std::move(p.cb), asio::error::try_again);
            } else if (reply->type == REDIS_REPLY_ERROR && p.txn->has_error) {
                answered_.push_back({std::move(p.cb), {}, std::move(p.txn->first_error)});
            } else {
                answered_.push_back({std::move(p.cb), {}, copy_reply(*reply)});
            }
            break;
        case role::auth:
        case role::select:
        case role::ready:
            if (ac == ac_ && !connected_) {
                on_handshake_reply(p.what, *reply);
            }
            break;
        case role::ping:
            if (ac == ac_) {
                ping_outstanding_ = false;
                missed_ping_ticks_ = 0;
            }
            break;
    }
}

// --- public face ---------------------------------------------------------------------------

redis_client::redis_client(boost::asio::io_context& ioc, redis_options opts)
    : impl_(std::make_shared<impl>(ioc, std::move(opts))) {}

redis_client::~redis_client() {
    // Frees the context at once: pending callbacks are posted with operation_aborted, and the
    // timers' handlers hold only weak references, so nothing touches *impl_ after this.
    impl_->stop();
}

void redis_client::start() {
    impl_->start();
}

void redis_client::stop() {
    impl_->stop();
}

bool redis_client::connected() const {
    return impl_->connected_;
}

std::uint64_t redis_client::connect_attempts() const {
    return impl_->attempts_;
}

void redis_client::on_state_change(std::function<void(bool up)> cb) {
    impl_->state_cb_ = std::move(cb);
}

std::size_t redis_client::in_flight() const { return *in_flight_; }

// Every callback is called exactly once (a reply, an error, or operation_aborted at stop), so
// counting them in and out tells a draining daemon when nothing it asked for is outstanding.
redis_callback redis_client::counted(redis_callback cb) {
    ++*in_flight_;
    return [n = in_flight_, cb = std::move(cb)](error_code ec, redis_reply r) {
        --*n;
        if (cb) {
            cb(ec, std::move(r));
        }
    };
}

void redis_client::command(redis_command args, redis_callback cb) {
    impl_->command(std::move(args), counted(std::move(cb)));
}

void redis_client::transaction(std::vector<redis_command> cmds, redis_callback cb) {
    impl_->transaction(std::move(cmds), counted(std::move(cb)));
}

}  // namespace alarmd::store
