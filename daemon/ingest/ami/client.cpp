#include "daemon/ingest/ami/client.hpp"

#include <array>
#include <chrono>
#include <deque>
#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "daemon/sys/backoff.hpp"
#include "daemon/sys/log.hpp"
#include "protocols/ami/decoder.hpp"
#include "protocols/ami/encoder.hpp"

namespace alarmd::ingest {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
namespace ami = protocols::ami;

namespace {

auto log() {
    return sys::logger("ingest.ami");
}

// A login or a Ping not answered within this is a dead connection.
constexpr std::chrono::seconds answer_timeout{10};
constexpr std::chrono::milliseconds first_backoff{250};

enum class phase { down, connecting, logging_in, up, stopped };

}  // namespace

struct ami_client::impl : std::enable_shared_from_this<impl> {
    impl(asio::io_context& io, config::ami_ingest c, ami_client_handlers h)
        : cfg(std::move(c)),
          handlers(std::move(h)),
          resolver(io),
          socket(io),
          retry_timer(io),
          idle_timer(io),
          answer_timer(io) {}

    config::ami_ingest cfg;
    ami_client_handlers handlers;
    tcp::resolver resolver;
    tcp::socket socket;
    asio::steady_timer retry_timer;
    asio::steady_timer idle_timer;    // Ping when nothing was heard for ping_interval
    asio::steady_timer answer_timer;  // the login or Ping awaiting its answer
    phase at = phase::down;
    std::chrono::milliseconds backoff{0};
    std::uint64_t connection = 0;  // which connection a completion belongs to
    std::uint64_t next_action = 1;
    std::string login_id;
    std::string ping_id;  // the Ping awaiting its answer, if any
    std::optional<ami::decoder> decoder;
    std::array<char, 8192> buffer{};
    std::deque<std::string> out;
    bool writing = false;
    bool refused = false;  // the last login was refused: wait the longest back-off
    std::string endpoint() const { return cfg.host + ":" + std::to_string(cfg.port); }

    std::string take_id(std::string_view what) {
        return std::string(what) + "-" + std::to_string(next_action++);
    }

    void set_state(bool up, const std::string& why) {
        if (handlers.on_state) {
            handlers.on_state(up, why);
        }
    }

    void connect() {
        if (at != phase::down) {
            return;
        }
        at = phase::connecting;
        const auto id = ++connection;
        // Resolved by Asio off the event loop's thread: a name that is slow to resolve does not
        // stall the alarms.
        resolver.async_resolve(
            cfg.host, std::to_string(cfg.port),
            [self = shared_from_this(), id](boost::system::error_code ec,
                                            const tcp::resolver::results_type& results) {
                if (id != self->connection || self->at != phase::connecting) {
                    return;
                }
                if (ec) {
                    return self->lost("cannot resolve " + self->cfg.host + ": " + ec.message());
                }
                asio::async_connect(
                    self->socket, results,
                    [self, id](boost::system::error_code ec2, const tcp::endpoint&) {
                        if (id != self->connection) {
                            return;
                        }
                        if (ec2) {
                            return self->lost("cannot connect: " + ec2.message());
                        }
                        self->log_in();
                    });
            });
        arm_answer_timer();
    }

    void log_in() {
        at = phase::logging_in;
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        decoder.emplace();
        read();
        login_id = take_id("login");
        send(ami::login_action(login_id, cfg.username, cfg.secret));
        arm_answer_timer();
    }

    void read() {
        socket.async_read_some(
            asio::buffer(buffer), [self = shared_from_this(), id = connection](
                                      boost::system::error_code ec, std::size_t n) {
                if (id != self->connection) {
                    return;
                }
                if (ec) {
                    return self->lost(ec == asio::error::eof ? "closed by the server"
                                                             : "read: " + ec.message());
                }
                self->on_bytes(std::string_view(self->buffer.data(), n));
                if (id == self->connection) {
                    self->read();
                }
            });
    }

    void on_bytes(std::string_view bytes) {
        decoder->feed(bytes);
        const auto id = connection;
        while (id == connection) {
            auto d = decoder->next();
            if (!d) {
                return;
            }
            if (const auto* b = std::get_if<ami::banner>(&*d)) {
                log()->info("event=ami_banner host={} version=\"{}\"", endpoint(), b->version);
            } else if (const auto* e = std::get_if<ami::decode_error>(&*d)) {
                log()->warn("event=ami_bad_message host={} reason=\"{}\"", endpoint(), e->detail);
                if (decoder->failed()) {
                    return lost("unreadable data from the server: " + e->detail);
                }
            } else {
                on_message(std::get<ami::message>(*d));
            }
        }
    }

    void on_message(const ami::message& m) {
        arm_idle();  // anything heard shows the connection lives
        if (m.is_response()) {
            return on_response(m);
        }
        if (m.is_event() && at == phase::up && handlers.on_event) {
            handlers.on_event(m);
        }
    }

    void on_response(const ami::message& m) {
        const auto id = m.action_id();
        const bool success = m.response() == "Success";
        if (at == phase::logging_in && id == login_id) {
            if (!success) {
                const auto why = std::string(m.get("Message"));
                log()->error(
                    "event=ami_login_refused host={} user={} reason=\"{}\" hint=\"check "
                    "ingest.ami.username and ingest.ami.secret against manager.conf\"",
                    endpoint(), cfg.username, why);
                refused = true;
                return lost("login refused: " + (why.empty() ? "no reason given" : why));
            }
            at = phase::up;
            refused = false;
            backoff = std::chrono::milliseconds(0);
            answer_timer.cancel();
            log()->info("event=ami_up host={} user={}", endpoint(), cfg.username);
            set_state(true, {});
            arm_idle();
            return;
        }
        if (!ping_id.empty() && id == ping_id) {
            ping_id.clear();
            answer_timer.cancel();
        }
    }

    void arm_idle() {
        if (at != phase::up) {
            return;
        }
        idle_timer.expires_after(cfg.ping_interval);
        idle_timer.async_wait([self = shared_from_this(),
                               id = connection](boost::system::error_code ec) {
            if (ec || id != self->connection || self->at != phase::up || !self->ping_id.empty()) {
                return;
            }
            self->ping_id = self->take_id("ping");
            self->send(ami::ping_action(self->ping_id));
            self->arm_answer_timer();
        });
    }

    void arm_answer_timer() {
        answer_timer.expires_after(answer_timeout);
        answer_timer.async_wait(
            [self = shared_from_this(), id = connection](boost::system::error_code ec) {
                if (ec || id != self->connection) {
                    return;
                }
                if (self->at == phase::connecting || self->at == phase::logging_in ||
                    !self->ping_id.empty()) {
                    self->lost("no answer within " + std::to_string(answer_timeout.count()) + " s");
                }
            });
    }

    void send(std::string bytes) {
        out.push_back(std::move(bytes));
        write_next();
    }

    void write_next() {
        if (writing || out.empty()) {
            return;
        }
        writing = true;
        asio::async_write(socket, asio::buffer(out.front()),
                          [self = shared_from_this(), id = connection](boost::system::error_code ec,
                                                                       std::size_t) {
                              if (id != self->connection) {
                                  return;
                              }
                              self->writing = false;
                              self->out.pop_front();
                              if (ec) {
                                  return self->lost("write: " + ec.message());
                              }
                              self->write_next();
                          });
    }

    // The connection is gone or never came: say so, reconnect after the back-off (the longest
    // after a refused login: trying a wrong secret every 250 ms helps nobody).
    void lost(const std::string& why) {
        if (at == phase::stopped) {
            return;
        }
        const bool was_up = at == phase::up;
        close_socket();
        at = phase::down;
        const auto ceiling =
            std::chrono::duration_cast<std::chrono::milliseconds>(cfg.reconnect_max);
        backoff = refused ? ceiling : sys::next_backoff(backoff, first_backoff, ceiling);
        if (was_up) {
            log()->warn("event=ami_down host={} reason=\"{}\" retry_ms={}", endpoint(), why,
                        backoff.count());
        } else if (!refused) {
            log()->warn("event=ami_connect_failed host={} reason=\"{}\" retry_ms={}", endpoint(),
                        why, backoff.count());
        }
        set_state(false, why);
        retry_timer.expires_after(backoff);
        retry_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (!ec && self->at == phase::down) {
                self->connect();
            }
        });
    }

    void close_socket() {
        boost::system::error_code ignored;
        resolver.cancel();
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
        idle_timer.cancel();
        answer_timer.cancel();
        writing = false;
        out.clear();
        ping_id.clear();
        ++connection;  // completions of the old connection are ignored from now on
    }

    void stop() {
        if (at == phase::stopped) {
            return;
        }
        if (at == phase::up) {
            // Best effort: Asterisk logs a clean log-off instead of a dropped connection.
            // Written without waiting: a full send buffer means the log-off is skipped.
            boost::system::error_code ignored;
            const auto bye = ami::logoff_action(take_id("logoff"));
            socket.non_blocking(true, ignored);
            if (!writing && !ignored) {
                socket.write_some(asio::buffer(bye), ignored);
            }
        }
        close_socket();
        retry_timer.cancel();
        at = phase::stopped;
        handlers = {};
    }
};

ami_client::ami_client(asio::io_context& ioc, config::ami_ingest cfg, ami_client_handlers h)
    : impl_(std::make_shared<impl>(ioc, std::move(cfg), std::move(h))) {}

ami_client::~ami_client() {
    impl_->stop();
}

void ami_client::start() {
    impl_->connect();
}

bool ami_client::up() const {
    return impl_->at == phase::up;
}

}  // namespace alarmd::ingest
