#include "daemon/notify/sms/smpp_gateway.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "daemon/sys/backoff.hpp"
#include "daemon/sys/log.hpp"
#include "protocols/smpp/decoder.hpp"
#include "protocols/smpp/encoder.hpp"
#include "protocols/smpp/receipt.hpp"
#include "protocols/smpp/text.hpp"

namespace alarmd::notify {
namespace asio = boost::asio;
namespace smpp = protocols::smpp;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

namespace {

const auto& log() {
    static auto l = sys::logger("notify.sms");
    return l;
}

// Temporary refusals: the part is sent again after a pause.
bool is_temporary(std::uint32_t status) {
    return status == smpp::status::esme_rthrottled || status == smpp::status::esme_rmsgqful ||
           status == smpp::status::esme_rsyserr || status == smpp::status::esme_rx_t_appn;
}

std::string status_text(std::uint32_t status) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(status));
    std::string name;
    switch (status) {
        case smpp::status::esme_rinvdstadr:
            name = " invalid destination address";
            break;
        case smpp::status::esme_rinvsrcadr:
            name = " invalid source address";
            break;
        case smpp::status::esme_rsubmitfail:
            name = " submit failed";
            break;
        case smpp::status::esme_rinvdcs:
            name = " invalid data coding";
            break;
        case smpp::status::esme_rthrottled:
            name = " throttled";
            break;
        case smpp::status::esme_rmsgqful:
            name = " message queue full";
            break;
        case smpp::status::esme_rbindfail:
            name = " bind failed";
            break;
        case smpp::status::esme_rinvpaswd:
            name = " invalid password";
            break;
        case smpp::status::esme_rinvsysid:
            name = " invalid system_id";
            break;
        case smpp::status::esme_rinvbndsts:
            name = " not bound";
            break;
        case smpp::status::esme_rsyserr:
            name = " system error";
            break;
        default:
            break;
    }
    return std::string("status ") + buf + name;
}

std::string state_name(smpp::message_state s) {
    switch (s) {
        case smpp::message_state::enroute:
            return "enroute";
        case smpp::message_state::delivered:
            return "delivered";
        case smpp::message_state::expired:
            return "expired";
        case smpp::message_state::deleted:
            return "deleted";
        case smpp::message_state::undeliverable:
            return "undeliverable";
        case smpp::message_state::accepted:
            return "accepted";
        case smpp::message_state::unknown:
            return "unknown";
        case smpp::message_state::rejected:
            return "rejected";
    }
    return "unknown";
}

// The ways one message id may be written back in a receipt: as sent, without leading zeros,
// and hex read as decimal or decimal as hex (SMSCs answer in one and report in the other).
std::vector<std::string> id_spellings(const std::string& id) {
    std::vector<std::string> out{id};
    const auto trimmed = id.substr(std::min(id.find_first_not_of('0'), id.size()));
    if (trimmed != id && !trimmed.empty()) {
        out.push_back(trimmed);
    }
    if (!trimmed.empty() && trimmed.size() <= 15) {
        char* end = nullptr;
        const auto as_hex = std::strtoull(trimmed.c_str(), &end, 16);
        if (*end == '\0') {
            out.push_back(std::to_string(as_hex));
        }
        const auto as_dec = std::strtoull(trimmed.c_str(), &end, 10);
        if (*end == '\0') {
            char buf[24];
            std::snprintf(buf, sizeof buf, "%llX", static_cast<unsigned long long>(as_dec));
            out.emplace_back(buf);
            std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(as_dec));
            out.emplace_back(buf);
        }
    }
    return out;
}

// The SMSC's number form: digits only, "+" dropped (ton/npi say international).
std::string destination_of(const std::string& phone) {
    std::string out;
    for (char c : phone) {
        if (c >= '0' && c <= '9') {
            out += c;
        }
    }
    return out;
}

}  // namespace

struct smpp_gateway::state : std::enable_shared_from_this<state> {
    // One message: its parts, how many are still unanswered, its outcome so far.
    struct message {
        sms_message m;
        sms_done done;
        std::vector<smpp::submit_sm> parts;
        std::size_t unanswered = 0;
        std::vector<std::string> ids;  // per part, as the SMSC answered
        int retries = 0;
        bool finished = false;
    };
    struct part_ref {
        std::shared_ptr<message> msg;
        std::size_t index = 0;
    };
    struct in_flight {
        std::optional<part_ref> part;  // empty: enquire_link or bind
        steady::time_point sent_at;
    };
    enum class phase { down, connecting, binding, bound, closing, stopped };

    state(asio::io_context& io, const config::sms_gateway& c)
        : ioc(io),
          cfg(c),
          resolver(io),
          socket(io),
          retry_timer(io),
          idle_timer(io),
          answer_timer(io) {}

    asio::io_context& ioc;
    config::sms_gateway cfg;  // a copy: a reload builds a new gateway
    tcp::resolver resolver;
    tcp::socket socket;
    asio::steady_timer retry_timer;   // reconnect back-off, throttling pause
    asio::steady_timer idle_timer;    // enquire_link when idle
    asio::steady_timer answer_timer;  // the oldest request unanswered for too long
    phase at = phase::down;
    bool draining = false;  // the gateway object is gone: finish, unbind, close
    bool paused = false;    // throttled: submits wait for retry_timer
    std::string down_reason = "not connected yet";
    bool attempt_failed = false;  // the last connection attempt never got bound
    std::chrono::milliseconds backoff{0};
    std::uint32_t next_seq = 1;
    std::uint8_t next_ref = 1;
    std::deque<part_ref> queue;  // parts to submit, in order
    std::map<std::uint32_t, in_flight> window;
    std::vector<std::uint8_t> out;  // being written
    std::vector<std::uint8_t> pending_out;
    bool writing = false;
    std::array<char, 4096> buffer{};
    std::optional<smpp::decoder> decoder;
    steady::time_point last_activity;
    // message_id -> what it was, for receipts; bounded, oldest first out.
    struct sent_part {
        std::string ref;
        std::string to;
        std::string recipient;
        bool first = false;  // the first part: its receipt speaks for the message
    };
    std::unordered_map<std::string, sent_part> sent_ids;
    std::deque<std::string> sent_order;
    sms_receipt_handler receipt_handler;
    std::uint64_t connection = 0;  // which connection a completion belongs to

    static constexpr std::size_t receipts_remembered = 100000;

    // ---- messages ----------------------------------------------------------------------

    void send(const sms_message& m, sms_done done) {
        if (at == phase::stopped || draining) {
            done({false, cfg.name, {}, "gateway stopped"});
            return;
        }
        if (at == phase::down && attempt_failed) {
            // The SMSC could not be reached or refused the bind: the next gateway takes it now
            // (this one keeps trying in the background).
            done({false, cfg.name, {}, "not bound: " + down_reason});
            return;
        }
        auto text = smpp::encode_text(m.text, next_ref++, {cfg.ucs2_only});
        if (!text) {
            done({false, cfg.name, {}, "text not encodable: " + text.error().message()});
            return;
        }
        smpp::submit_sm base;
        base.source_addr_ton = cfg.source_ton;
        base.source_addr_npi = cfg.source_npi;
        base.source_addr = cfg.source_addr;
        base.dest_addr_ton = cfg.dest_ton;
        base.dest_addr_npi = cfg.dest_npi;
        base.destination_addr = destination_of(m.to);
        base.registered_delivery = cfg.receipts ? 1 : 0;
        auto msg = std::make_shared<message>();
        msg->m = m;
        msg->done = std::move(done);
        msg->parts = smpp::make_submits(base, *text);
        msg->unanswered = msg->parts.size();
        msg->ids.resize(msg->parts.size());
        for (std::size_t i = 0; i < msg->parts.size(); ++i) {
            queue.push_back({msg, i});
        }
        if (at == phase::down) {
            retry_timer.cancel();
            connect();
        }
        pump();
    }

    void finish(const std::shared_ptr<message>& msg, sms_result r) {
        if (msg->finished) {
            return;
        }
        msg->finished = true;
        auto done = std::move(msg->done);
        done(std::move(r));
    }

    void fail_queued(const std::string& why) {
        auto q = std::move(queue);
        queue.clear();
        for (auto& p : q) {
            finish(p.msg, {false, cfg.name, {}, why});
        }
    }

    // Submits what the window has room for.
    void pump() {
        if (at != phase::bound || paused) {
            return;
        }
        while (!queue.empty() && window.size() < cfg.window) {
            auto p = queue.front();
            queue.pop_front();
            if (p.msg->finished) {
                continue;  // failed by another part
            }
            smpp::pdu pdu;
            pdu.sequence_number = take_seq();
            pdu.body = p.msg->parts[p.index];
            window[pdu.sequence_number] = {p, steady::now()};
            write(pdu);
        }
        if (draining && queue.empty() && window.empty()) {
            unbind();
        }
    }

    void on_submit_resp(const part_ref& p, std::uint32_t status, const std::string& id) {
        auto& msg = *p.msg;
        if (msg.finished) {
            return;
        }
        if (status == smpp::status::esme_rok) {
            msg.ids[p.index] = id;
            remember(id, msg.m, p.index == 0);
            if (--msg.unanswered == 0) {
                finish(p.msg, {true, cfg.name, msg.ids.front(), {}});
            }
            return;
        }
        if (is_temporary(status) && msg.retries < cfg.retries) {
            ++msg.retries;
            queue.push_front(p);
            pause_for(std::chrono::milliseconds(250) * (1 << std::min(msg.retries, 5)));
            log()->warn("event=sms_retry gateway={} to={} ref={} reason=\"{}\" retry={}", cfg.name,
                        masked_phone(msg.m.to), msg.m.ref, status_text(status), msg.retries);
            return;
        }
        finish(p.msg, {false, cfg.name, {}, "submit_sm refused: " + status_text(status)});
    }

    void pause_for(std::chrono::milliseconds d) {
        if (paused) {
            return;
        }
        paused = true;
        retry_timer.expires_after(d);
        retry_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec) {
                return;
            }
            self->paused = false;
            self->pump();
        });
    }

    void remember(const std::string& id, const sms_message& m, bool first) {
        if (id.empty()) {
            return;
        }
        if (sent_ids.emplace(id, sent_part{m.ref, m.to, m.recipient, first}).second) {
            sent_order.push_back(id);
        }
        while (sent_order.size() > receipts_remembered) {
            sent_ids.erase(sent_order.front());
            sent_order.pop_front();
        }
    }

    void on_receipt(const smpp::receipt& r) {
        auto it = sent_ids.end();
        for (const auto& id : id_spellings(r.message_id)) {
            if (it = sent_ids.find(id); it != sent_ids.end()) {
                break;
            }
        }
        if (it == sent_ids.end()) {
            log()->info("event=sms_receipt_unknown gateway={} message_id={} state={}", cfg.name,
                        r.message_id, state_name(r.state));
            return;
        }
        const bool delivered = r.state == smpp::message_state::delivered;
        if (!smpp::is_final(r.state) || (!it->second.first && delivered)) {
            return;  // a later part delivered: the first part's receipt says so for the message
        }
        sms_receipt out{cfg.name,
                        it->first,
                        it->second.ref,
                        it->second.to,
                        it->second.recipient,
                        delivered,
                        state_name(r.state),
                        delivered ? std::string() : r.err};
        log()->info("event=sms_receipt gateway={} message_id={} ref={} to={} state={}", cfg.name,
                    out.message_id, out.ref, masked_phone(out.to), out.state);
        if (receipt_handler) {
            receipt_handler(out);
        }
    }

    // ---- connection ----------------------------------------------------------------------

    std::uint32_t take_seq() {
        const auto s = next_seq;
        next_seq = next_seq >= 0x7FFFFFFF ? 1 : next_seq + 1;
        return s;
    }

    void connect() {
        if (at != phase::down || draining) {
            return;
        }
        at = phase::connecting;
        const auto id = ++connection;
        resolver.async_resolve(
            cfg.host, std::to_string(cfg.port),
            [self = shared_from_this(), id](boost::system::error_code ec,
                                            tcp::resolver::results_type results) {
                if (id != self->connection || self->at != phase::connecting) {
                    return;
                }
                if (ec) {
                    self->lost("cannot resolve " + self->cfg.host + ": " + ec.message());
                    return;
                }
                asio::async_connect(
                    self->socket, results,
                    [self, id](boost::system::error_code ec2, const tcp::endpoint&) {
                        if (id != self->connection) {
                            return;
                        }
                        if (ec2) {
                            self->lost("cannot connect: " + ec2.message());
                            return;
                        }
                        self->bind();
                    });
            });
        arm_answer_timer(steady::now() + cfg.response_timeout);
    }

    void bind() {
        at = phase::binding;
        boost::system::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        decoder.emplace();
        last_activity = steady::now();
        read();
        smpp::pdu pdu;
        pdu.sequence_number = take_seq();
        if (cfg.transceiver) {
            smpp::bind_transceiver b;
            b.system_id = cfg.system_id;
            b.password = cfg.password;
            b.system_type = cfg.system_type;
            pdu.body = std::move(b);
        } else {
            smpp::bind_transmitter b;
            b.system_id = cfg.system_id;
            b.password = cfg.password;
            b.system_type = cfg.system_type;
            pdu.body = std::move(b);
        }
        window[pdu.sequence_number] = {std::nullopt, steady::now()};
        write(pdu);
    }

    void on_bound() {
        at = phase::bound;
        attempt_failed = false;
        backoff = std::chrono::milliseconds(0);
        log()->info("event=smpp_bound gateway={} host={}:{} mode={}", cfg.name, cfg.host, cfg.port,
                    cfg.transceiver ? "transceiver" : "transmitter");
        arm_idle();
        pump();
    }

    // The connection is gone (or never came): unanswered parts go back to the front of the
    // queue; reconnect after a back-off, or, when it never got bound, fail what waits so the
    // next gateway takes it.
    void lost(const std::string& why) {
        if (at == phase::stopped) {
            return;
        }
        const bool was_bound = at == phase::bound || at == phase::closing;
        close_socket();
        down_reason = why;
        std::vector<part_ref> unanswered;
        for (auto& [seq, f] : window) {
            if (f.part && !f.part->msg->finished) {
                unanswered.push_back(*f.part);
            }
        }
        window.clear();
        for (auto it = unanswered.rbegin(); it != unanswered.rend(); ++it) {
            queue.push_front(*it);
        }
        at = phase::down;
        attempt_failed = !was_bound;
        if (draining && (queue.empty() || !was_bound)) {
            fail_queued("gateway stopped: " + why);
            at = phase::stopped;
            return;
        }
        log()->warn("event=smpp_down gateway={} host={}:{} reason=\"{}\" queued={}", cfg.name,
                    cfg.host, cfg.port, why, queue.size());
        if (!was_bound) {
            fail_queued("not bound: " + why);
        }
        backoff = sys::next_backoff(backoff, std::chrono::milliseconds(250),
                                    std::chrono::duration_cast<std::chrono::milliseconds>(
                                        cfg.reconnect_max));
        // Parts that were in the window are sent again at once on the new connection; without
        // any, reconnect after the back-off (a send meanwhile fails over, see send()).
        if (was_bound && !queue.empty()) {
            connect();
            return;
        }
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
        paused = false;
        writing = false;
        out.clear();
        pending_out.clear();
        ++connection;  // completions of the old connection are ignored from now on
    }

    void write(const smpp::pdu& pdu) {
        if (auto r = smpp::encode(pdu, pending_out); !r) {
            log()->error("event=smpp_encode_failed gateway={} reason=\"{}\"", cfg.name,
                         r.error().message());
            return;
        }
        if (!window.empty()) {
            arm_answer_timer(window.begin()->second.sent_at + cfg.response_timeout);
        }
        flush();
    }

    void flush() {
        if (writing || pending_out.empty()) {
            return;
        }
        writing = true;
        out.swap(pending_out);
        pending_out.clear();
        asio::async_write(socket, asio::buffer(out),
                          [self = shared_from_this(), id = connection](boost::system::error_code ec,
                                                                       std::size_t) {
                              if (id != self->connection) {
                                  return;
                              }
                              self->writing = false;
                              self->out.clear();
                              if (ec) {
                                  self->lost("write failed: " + ec.message());
                                  return;
                              }
                              self->flush();
                          });
    }

    void read() {
        socket.async_read_some(
            asio::buffer(buffer), [self = shared_from_this(), id = connection](
                                      boost::system::error_code ec, std::size_t n) {
                if (id != self->connection) {
                    return;
                }
                if (ec) {
                    self->lost(ec == asio::error::eof ? "closed by the SMSC"
                                                      : "read failed: " + ec.message());
                    return;
                }
                self->last_activity = steady::now();
                std::string_view in(self->buffer.data(), n);
                while (!in.empty() && id == self->connection) {
                    in.remove_prefix(self->decoder->feed(in));
                    while (id == self->connection) {
                        auto d = self->decoder->next();
                        if (!d) {
                            break;
                        }
                        self->on_pdu(*d);
                    }
                }
                if (id == self->connection) {
                    if (self->decoder->failed()) {
                        self->lost("unreadable PDU length from the SMSC");
                        return;
                    }
                    self->read();
                }
            });
    }

    void on_pdu(const smpp::decoded& d) {
        if (!d) {
            const smpp::rejection r = d.error();
            log()->warn("event=smpp_bad_pdu gateway={} reason=\"{}\"", cfg.name,
                        r.reason.message());
            if (auto nack = smpp::make_generic_nack(r)) {
                write(*nack);
            }
            return;
        }
        const smpp::pdu& p = *d;
        std::visit([&](const auto& body) { on_body(p, body); }, p.body);
    }

    template <class Body>
    void on_body(const smpp::pdu& p, const Body& body) {
        using T = std::decay_t<Body>;
        if constexpr (std::is_same_v<T, smpp::bind_transceiver_resp> ||
                      std::is_same_v<T, smpp::bind_transmitter_resp>) {
            window.erase(p.sequence_number);
            if (p.command_status != smpp::status::esme_rok) {
                log()->error("event=smpp_bind_refused gateway={} system_id={} reason=\"{}\"",
                             cfg.name, cfg.system_id, status_text(p.command_status));
                lost("bind refused: " + status_text(p.command_status));
                return;
            }
            (void)body;
            on_bound();
        } else if constexpr (std::is_same_v<T, smpp::submit_sm_resp>) {
            auto it = window.find(p.sequence_number);
            if (it == window.end() || !it->second.part) {
                return;
            }
            auto part = *it->second.part;
            window.erase(it);
            on_submit_resp(part, p.command_status, body.message_id);
            rearm_answer_timer();
            pump();
        } else if constexpr (std::is_same_v<T, smpp::generic_nack>) {
            auto it = window.find(p.sequence_number);
            if (it != window.end()) {
                auto part = it->second.part;
                window.erase(it);
                if (part) {
                    finish(part->msg,
                           {false, cfg.name, {}, "generic_nack: " + status_text(p.command_status)});
                }
                rearm_answer_timer();
                pump();
            }
        } else if constexpr (std::is_same_v<T, smpp::enquire_link_resp>) {
            window.erase(p.sequence_number);
            rearm_answer_timer();
        } else if constexpr (std::is_same_v<T, smpp::deliver_sm>) {
            if (auto resp = smpp::make_response(p)) {
                write(*resp);
            }
            if (smpp::is_receipt(body.esm_class)) {
                if (auto r = smpp::parse_receipt(body)) {
                    on_receipt(*r);
                } else {
                    log()->warn("event=sms_receipt_unreadable gateway={} reason=\"{}\"", cfg.name,
                                r.error().message());
                }
            }
        } else if constexpr (std::is_same_v<T, smpp::enquire_link>) {
            if (auto resp = smpp::make_response(p)) {
                write(*resp);
            }
        } else if constexpr (std::is_same_v<T, smpp::unbind>) {
            if (auto resp = smpp::make_response(p)) {
                write(*resp);
            }
            lost("unbound by the SMSC");
        } else if constexpr (std::is_same_v<T, smpp::unbind_resp>) {
            close_socket();
            at = phase::stopped;
            fail_queued("gateway stopped");
        } else if constexpr (std::is_same_v<T, smpp::raw_body>) {
            if (!smpp::is_response(body.id)) {
                if (auto nack = smpp::make_response(p)) {
                    write(*nack);  // generic_nack ESME_RINVCMDID
                }
            }
        } else if constexpr (smpp::is_response(T::id)) {
            // A response to nothing we asked: ignored.
        } else {
            if (auto resp = smpp::make_response(p, smpp::status::esme_rinvcmdid)) {
                write(*resp);  // requests an ESME does not serve (generic_nack for unknown ids)
            }
        }
    }

    // ---- timers ---------------------------------------------------------------------------

    void arm_answer_timer(steady::time_point deadline) {
        answer_timer.expires_at(deadline);
        answer_timer.async_wait(
            [self = shared_from_this(), id = connection](boost::system::error_code ec) {
                if (ec || id != self->connection) {
                    return;
                }
                self->on_answer_timeout();
            });
    }

    void rearm_answer_timer() {
        if (window.empty()) {
            answer_timer.cancel();
            return;
        }
        arm_answer_timer(window.begin()->second.sent_at + cfg.response_timeout);
    }

    void on_answer_timeout() {
        const auto now = steady::now();
        if (at == phase::connecting) {
            lost("no connection within " + std::to_string(cfg.response_timeout.count()) + " ms");
            return;
        }
        if (!window.empty() && now - window.begin()->second.sent_at >= cfg.response_timeout) {
            lost("no answer within " + std::to_string(cfg.response_timeout.count()) + " ms");
            return;
        }
        rearm_answer_timer();
    }

    void arm_idle() {
        idle_timer.expires_at(last_activity + cfg.enquire_link);
        idle_timer.async_wait(
            [self = shared_from_this(), id = connection](boost::system::error_code ec) {
                if (ec || id != self->connection || self->at != phase::bound) {
                    return;
                }
                if (steady::now() - self->last_activity >= self->cfg.enquire_link) {
                    smpp::pdu pdu;
                    pdu.sequence_number = self->take_seq();
                    pdu.body = smpp::enquire_link{};
                    self->window[pdu.sequence_number] = {std::nullopt, steady::now()};
                    self->write(pdu);
                    self->last_activity = steady::now();
                }
                self->arm_idle();
            });
    }

    // ---- end ------------------------------------------------------------------------------

    // The gateway object is gone: what is queued is still sent; then unbind and close.
    void drain() {
        draining = true;
        if (at == phase::bound) {
            pump();  // unbinds once empty
            return;
        }
        if (at == phase::down) {
            retry_timer.cancel();
            fail_queued("gateway stopped");
            at = phase::stopped;
        }
        // connecting / binding: lost() or on_bound() carries on.
    }

    void unbind() {
        if (at != phase::bound) {
            return;
        }
        at = phase::closing;
        smpp::pdu pdu;
        pdu.sequence_number = take_seq();
        pdu.body = smpp::unbind{};
        window[pdu.sequence_number] = {std::nullopt, steady::now()};
        write(pdu);
    }
};

smpp_gateway::smpp_gateway(asio::io_context& ioc, const config::sms_gateway& cfg)
    : state_(std::make_shared<state>(ioc, cfg)) {
    state_->connect();
}

smpp_gateway::~smpp_gateway() {
    state_->drain();
}

const std::string& smpp_gateway::name() const {
    return state_->cfg.name;
}

void smpp_gateway::send(const sms_message& m, sms_done done) {
    state_->send(m, std::move(done));
}

void smpp_gateway::on_receipt(sms_receipt_handler h) {
    state_->receipt_handler = std::move(h);
}

bool smpp_gateway::bound() const {
    return state_->at == state::phase::bound;
}

}  // namespace alarmd::notify
