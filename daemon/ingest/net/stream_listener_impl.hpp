#pragma once
// The template behind stream_listener.hpp. Include it only in the one .cpp that instantiates
// a receiver's listener: it pulls in Asio.
#include <array>
#include <deque>
#include <list>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "daemon/ingest/net/stream_listener.hpp"
#include "daemon/sys/listen.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::ingest {

template <class Decoder>
struct stream_listener<Decoder>::state : std::enable_shared_from_this<state> {
    using tcp = boost::asio::ip::tcp;
    using steady = std::chrono::steady_clock;
    class session;

    // Answers not yet written (a peer that sends but does not read): reading pauses above this.
    static constexpr std::size_t max_unsent = 64 * 1024;

    state(boost::asio::io_context& io, config::listen_address a, stream_handler<Decoder> hs,
          stream_options o)
        : ioc(io),
          address(std::move(a)),
          h(std::move(hs)),
          options(std::move(o)),
          log(sys::logger(options.logger)),
          acceptor(io) {}

    boost::asio::io_context& ioc;
    config::listen_address address;
    stream_handler<Decoder> h;
    stream_options options;
    std::shared_ptr<spdlog::logger> log;
    tcp::acceptor acceptor;
    std::uint16_t bound_port = 0;
    bool stopping = false;
    std::list<std::weak_ptr<session>> sessions;
    std::unordered_map<std::string, std::size_t> per_address;  // open connections by address
    steady::time_point last_refusal_log{};
    std::uint64_t refused_since_log = 0;
    std::uint64_t idle_closes = 0;

    void do_accept();
    void on_accept(boost::system::error_code ec, tcp::socket socket);
};

template <class Decoder>
class stream_listener<Decoder>::state::session
    : public std::enable_shared_from_this<typename stream_listener<Decoder>::state::session> {
public:
    session(std::shared_ptr<state> owner, tcp::socket socket, peer p)
        : owner_(std::move(owner)),
          socket_(std::move(socket)),
          idle_(owner_->ioc),
          decoder_(owner_->h.make_decoder()),
          peer_(std::move(p)) {}

    void start(typename std::list<std::weak_ptr<session>>::iterator self_entry) {
        entry_ = self_entry;
        last_activity_ = steady::now();
        arm_idle(last_activity_ + owner_->options.idle_timeout);
        pump();
    }

    // Listener stopping: read no more, send what is still due, then close.
    void drain() {
        input_done_ = true;
        if (slots_.empty() && !writing_) {
            close();
            return;
        }
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_receive, ignored);
    }

private:
    struct slot {
        bool done = false;
        std::string answer;
    };

    void pump() {
        if (pumping_ || closed_) {
            return;
        }
        pumping_ = true;
        starved_ = false;
        while (!closed_) {
            if (slots_.size() >= owner_->options.max_in_flight ||
                pending_out_.size() >= max_unsent) {
                break;  // back-pressure: read again when answers went out
            }
            if (auto d = decoder_.next()) {
                const std::uint64_t id = first_slot_ + slots_.size();
                slots_.emplace_back();
                owner_->h.on_frame(
                    *d, peer_,
                    [self = this->shared_from_this(), id](std::string answer, bool accepted) {
                        self->on_answer(id, std::move(answer), accepted);
                    });
                continue;
            }
            if (!unfed_.empty()) {
                const std::size_t n = decoder_.feed(unfed_);
                unfed_.remove_prefix(n);
                if (n > 0) {
                    continue;
                }
                // Cannot happen (next() always makes room); never spin on it.
                owner_->log->error("event=decoder_stalled what={} peer={}:{}", owner_->options.name,
                                   peer_.address, peer_.port);
                close();
                break;
            }
            starved_ = true;
            start_read();
            break;
        }
        pumping_ = false;
        maybe_finish();
    }

    void start_read() {
        if (reading_ || closed_ || input_done_) {
            return;
        }
        reading_ = true;
        socket_.async_read_some(
            boost::asio::buffer(buffer_),
            [self = this->shared_from_this()](boost::system::error_code ec, std::size_t n) {
                self->on_read(ec, n);
            });
    }

    void on_read(boost::system::error_code ec, std::size_t n) {
        reading_ = false;
        if (closed_) {
            return;
        }
        if (ec || owner_->stopping) {
            input_done_ = true;
            if (ec && ec != boost::asio::error::eof && !owner_->stopping) {
                close();  // reset, aborted: nobody to answer
                return;
            }
            pump();  // frames already received are still answered
            return;
        }
        unfed_ = std::string_view(buffer_.data(), n);
        pump();
    }

    void on_answer(std::uint64_t id, std::string answer, bool accepted) {
        if (closed_ || id < first_slot_ || id - first_slot_ >= slots_.size()) {
            return;
        }
        auto& s = slots_[static_cast<std::size_t>(id - first_slot_)];
        s.done = true;
        s.answer = std::move(answer);
        // Answers leave in the order of the frames.
        while (!slots_.empty() && slots_.front().done) {
            pending_out_ += slots_.front().answer;
            slots_.pop_front();
            ++first_slot_;
        }
        if (accepted) {
            last_activity_ = steady::now();  // only an accepted frame counts as a live device
        }
        do_write();
        pump();
    }

    void do_write() {
        if (writing_ || closed_ || pending_out_.empty()) {
            return;
        }
        writing_ = true;
        writing_out_.swap(pending_out_);
        pending_out_.clear();
        boost::asio::async_write(
            socket_, boost::asio::buffer(writing_out_),
            [self = this->shared_from_this()](boost::system::error_code ec, std::size_t) {
                self->on_write(ec);
            });
    }

    void on_write(boost::system::error_code ec) {
        writing_ = false;
        writing_out_.clear();
        if (closed_) {
            return;
        }
        if (ec) {
            close();
            return;
        }
        do_write();
        pump();  // may have paused for the answers to leave
    }

    // After the peer (or stop()) ended the input: close once everything received is answered.
    void maybe_finish() {
        if (input_done_ && starved_ && slots_.empty() && !writing_ && pending_out_.empty()) {
            close();
        }
    }

    void arm_idle(steady::time_point deadline) {
        idle_.expires_at(deadline);
        idle_.async_wait(
            [self = this->shared_from_this()](boost::system::error_code ec) { self->on_idle(ec); });
    }

    void on_idle(boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted || closed_) {
            return;
        }
        const auto now = steady::now();
        const auto deadline = last_activity_ + owner_->options.idle_timeout;
        if (now < deadline || !slots_.empty()) {
            // Activity since, or frames still waiting for their answer.
            arm_idle(now < deadline ? deadline : now + owner_->options.idle_timeout);
            return;
        }
        owner_->log->debug("event=connection_idle_closed what={} peer={}:{} buffered={}",
                           owner_->options.name, peer_.address, peer_.port, decoder_.buffered());
        ++owner_->idle_closes;
        close();
    }

    void close() {
        if (closed_) {
            return;
        }
        closed_ = true;
        slots_.clear();
        idle_.cancel();
        boost::system::error_code ignored;
        socket_.shutdown(tcp::socket::shutdown_both, ignored);
        socket_.close(ignored);
        owner_->sessions.erase(entry_);
        if (auto it = owner_->per_address.find(peer_.address);
            it != owner_->per_address.end() && --it->second == 0) {
            owner_->per_address.erase(it);
        }
        owner_->log->debug("event=connection_closed what={} peer={}:{}", owner_->options.name,
                           peer_.address, peer_.port);
    }

    std::shared_ptr<state> owner_;
    tcp::socket socket_;
    boost::asio::steady_timer idle_;
    Decoder decoder_;
    peer peer_;
    typename std::list<std::weak_ptr<session>>::iterator entry_;
    std::array<char, 4096> buffer_{};
    std::string_view unfed_;  // read from the socket, not yet taken by the decoder
    std::deque<slot> slots_;  // frames handed on, in order, until their answer is written
    std::uint64_t first_slot_ = 0;
    std::string pending_out_;
    std::string writing_out_;
    steady::time_point last_activity_;
    bool reading_ = false;
    bool writing_ = false;
    bool pumping_ = false;
    bool starved_ = false;     // the decoder needs more bytes
    bool input_done_ = false;  // the peer ended its side, or the listener is stopping
    bool closed_ = false;
};

template <class Decoder>
void stream_listener<Decoder>::state::do_accept() {
    acceptor.async_accept(
        [self = this->shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
            self->on_accept(ec, std::move(socket));
        });
}

template <class Decoder>
void stream_listener<Decoder>::state::on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (ec == boost::asio::error::operation_aborted || stopping || !acceptor.is_open()) {
        return;
    }
    if (ec) {
        // Out of file descriptors and the like: keep serving the connections we have.
        log->warn("event=accept_failed what={} reason=\"{}\"", options.name, ec.message());
        auto pause =
            std::make_shared<boost::asio::steady_timer>(ioc, std::chrono::milliseconds(50));
        pause->async_wait([self = this->shared_from_this(), pause](boost::system::error_code) {
            if (!self->stopping) {
                self->do_accept();
            }
        });
        return;
    }
    boost::system::error_code ignored;
    const auto remote = socket.remote_endpoint(ignored);
    auto addr = remote.address().to_string();
    const bool total_full = sessions.size() >= options.max_connections;
    const auto from_address = per_address.find(addr);
    if (total_full ||
        (from_address != per_address.end() && from_address->second >= options.max_per_address)) {
        ++refused_since_log;
        const auto now = steady::now();
        if (now - last_refusal_log >= std::chrono::seconds(10)) {
            log->warn("event=connection_refused what={} reason={} limit={} peer={} refused={}",
                      options.name, total_full ? "max_connections" : "max_per_address",
                      total_full ? options.max_connections : options.max_per_address, addr,
                      refused_since_log);
            last_refusal_log = now;
            refused_since_log = 0;
        }
        socket.close(ignored);
        do_accept();
        return;
    }
    socket.set_option(tcp::no_delay(true), ignored);
    ++per_address[addr];
    peer p{transport_kind::tcp, std::move(addr), remote.port()};
    auto s = std::make_shared<session>(this->shared_from_this(), std::move(socket), std::move(p));
    sessions.push_front(s);
    s->start(sessions.begin());
    do_accept();
}

template <class Decoder>
stream_listener<Decoder>::stream_listener(boost::asio::io_context& ioc,
                                          config::listen_address address, stream_handler<Decoder> h,
                                          stream_options options)
    : state_(std::make_shared<state>(ioc, std::move(address), std::move(h), std::move(options))) {}

template <class Decoder>
stream_listener<Decoder>::~stream_listener() {
    stop();
}

template <class Decoder>
void stream_listener<Decoder>::listen() {
    auto& s = *state_;
    sys::listen_on(s.acceptor, s.address, s.options.config_key);
    s.bound_port = s.acceptor.local_endpoint().port();
    s.log->info("event=listening what={} address={}:{} idle_timeout_ms={}", s.options.name,
                s.address.host, s.bound_port, s.options.idle_timeout.count());
    s.do_accept();
}

template <class Decoder>
void stream_listener<Decoder>::stop() {
    if (!state_ || state_->stopping) {
        return;
    }
    state_->stopping = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    // drain() may close a session, which erases it from the list: walk a copy.
    std::vector<std::shared_ptr<typename state::session>> open;
    for (auto& w : state_->sessions) {
        if (auto s = w.lock()) {
            open.push_back(std::move(s));
        }
    }
    for (auto& s : open) {
        s->drain();
    }
}

template <class Decoder>
std::uint16_t stream_listener<Decoder>::port() const {
    return state_->bound_port;
}

template <class Decoder>
std::size_t stream_listener<Decoder>::connections() const {
    return state_->sessions.size();
}

template <class Decoder>
std::uint64_t stream_listener<Decoder>::idle_closes() const {
    return state_->idle_closes;
}

}  // namespace alarmd::ingest
