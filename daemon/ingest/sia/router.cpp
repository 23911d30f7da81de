#include "daemon/ingest/sia/router.hpp"

#include <openssl/rand.h>

#include <chrono>
#include <random>

#include "daemon/ingest/net/log_gate.hpp"
#include "daemon/ingest/net/retry_cache.hpp"
#include "daemon/ingest/sia/accounts.hpp"
#include "daemon/ingest/sia/events.hpp"
#include "daemon/pipeline/event_sink.hpp"
#include "daemon/pipeline/supervision.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "protocols/contact_id/error.hpp"
#include "protocols/sia_dc03/error.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/policy.hpp"
#include "protocols/sia_dc09/validate.hpp"

namespace alarmd::ingest {
namespace dc09 = protocols::sia_dc09;

namespace {

const auto& log() {
    static auto l = sys::logger("ingest.sia");
    return l;
}

using sys_clock = std::chrono::system_clock;

// A short snake_case name for logs and the metrics label.
std::string_view reason_name(const error_code& ec) {
    if (ec.category() == protocols::contact_id::category()) {
        return "bad_contact_id";
    }
    if (ec.category() == protocols::sia_dc03::category()) {
        return "bad_sia_data";
    }
    if (ec.category() != dc09::category()) {
        return "error";
    }
    // clang-format off
    switch (static_cast<dc09::errc>(ec.value())) {
        case dc09::errc::bad_crc: return "bad_crc";
        case dc09::errc::bad_length: return "bad_length";
        case dc09::errc::not_a_frame: return "not_a_frame";
        case dc09::errc::truncated: return "truncated";
        case dc09::errc::frame_too_large: return "frame_too_large";
        case dc09::errc::bad_token: return "bad_token";
        case dc09::errc::bad_sequence: return "bad_sequence";
        case dc09::errc::bad_receiver: return "bad_receiver";
        case dc09::errc::bad_line: return "bad_line";
        case dc09::errc::bad_account: return "bad_account";
        case dc09::errc::bad_data: return "bad_data";
        case dc09::errc::bad_extended: return "bad_extended";
        case dc09::errc::too_many_extended: return "too_many_extended";
        case dc09::errc::bad_timestamp: return "bad_timestamp";
        case dc09::errc::unknown_account: return "unknown_account";
        case dc09::errc::bad_key: return "bad_key";
        case dc09::errc::bad_ciphertext: return "bad_ciphertext";
        case dc09::errc::decrypt_failed: return "decrypt_failed";
        case dc09::errc::missing_timestamp: return "missing_timestamp";
        case dc09::errc::stale_timestamp: return "stale_timestamp";
        case dc09::errc::future_timestamp: return "future_timestamp";
        case dc09::errc::unsupported_token: return "unsupported_token";
        case dc09::errc::not_a_request: return "not_a_request";
    }
    // clang-format on
    return "error";
}

// The AES pad of *ACK answers.
void random_pad(std::span<std::uint8_t> out) {
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
        thread_local std::mt19937 fallback{std::random_device{}()};
        for (auto& b : out) {
            b = static_cast<std::uint8_t>(fallback());
        }
    }
}

std::string seq_text(std::uint16_t seq) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04u", static_cast<unsigned>(seq));
    return buf;
}

}  // namespace

struct sia_router::impl {
    impl(pipeline::event_sink& p, const config::config& c, sys::metrics& m,
         pipeline::supervision& s)
        : pipe(p), metrics(m), supervision(s), accounts(c) {
        report_problems();
    }

    pipeline::event_sink& pipe;
    sys::metrics& metrics;
    pipeline::supervision& supervision;
    sia_accounts accounts;
    retry_cache retries;
    log_gate gate;

    void report_problems() {
        for (const auto& p : accounts.problems()) {
            log()->warn("event=sia_config_problem problem=\"{}\"", p);
        }
    }

    std::optional<std::vector<std::uint8_t>> key_of(std::string_view account) const {
        const auto* a = accounts.find(account);
        if (a == nullptr || a->key.empty()) {
            return std::nullopt;
        }
        return a->key;
    }

    void count(const peer& peer, dc09::response_kind answer, std::string_view reason) {
        metrics.sia_frames.add({{"transport", to_string(peer.transport)},
                                {"answer", dc09::name(answer)},
                                {"reason", reason}});
    }

    // One line for a frame that was not accepted (rate-limited).
    void log_rejected(const peer& peer, const std::optional<dc09::frame_header>& h,
                      std::string_view reason, dc09::response_kind answer) {
        if (!gate.allow()) {
            return;
        }
        const auto suppressed = gate.take_suppressed();
        log()->info(
            "event=frame_rejected transport={} peer={}:{} account={} seq={} reason={} "
            "answer={}{}",
            to_string(peer.transport), peer.address, peer.port, h ? h->account : std::string("-"),
            h ? seq_text(h->sequence) : "-", reason, dc09::name(answer),
            suppressed ? " suppressed_lines=" + std::to_string(suppressed) : "");
    }

    static std::string answer_bytes(dc09::response_kind kind,
                                    const std::optional<dc09::frame_header>& h,
                                    sys_clock::time_point now) {
        std::string out;
        const auto crc = h ? h->crc : dc09::crc_format::hex;
        if (kind == dc09::response_kind::nak) {
            dc09::encode_nak(now, out, crc);
        } else if (kind == dc09::response_kind::duh) {
            if (!h || !dc09::encode_duh(*h, out)) {
                out.clear();
                dc09::encode_nak(now, out, crc);
            }
        }
        return out;
    }

    // ACK, or *ACK (receiver time inside, same key) for an encrypted request.
    std::string ack_bytes(const dc09::frame_header& h) const {
        std::string out;
        const auto now = sys_clock::now();
        if (!h.encrypted) {
            if (dc09::encode_ack(h, out)) {
                return out;
            }
        } else if (auto key = key_of(h.account)) {
            if (dc09::encode_encrypted_ack(h, *key, now, random_pad, out)) {
                return out;
            }
        }
        out.clear();
        dc09::encode_nak(now, out, h.crc);
        return out;
    }

    void refuse(const peer& peer, const std::optional<dc09::frame_header>& h,
                dc09::response_kind kind, std::string_view reason, sys_clock::time_point now,
                const reply_fn& reply) {
        count(peer, kind, reason);
        log_rejected(peer, h, reason, kind);
        reply(answer_bytes(kind, h, now), false);
    }

    void on_frame(const dc09::decoded& d, const peer& peer, std::string_view raw, reply_fn reply) {
        const auto now = sys_clock::now();
        if (!d) {
            const dc09::rejection r = d.error();  // a copy in Boost 1.81
            if (!r.header && peer.transport == transport_kind::udp) {
                // No header, no answer: a forged source address must not turn the receiver
                // into an amplifier aimed at someone else.
                count(peer, dc09::response_kind::none, reason_name(r.reason));
                log_rejected(peer, r.header, reason_name(r.reason), dc09::response_kind::none);
                reply(std::string(), false);
                return;
            }
            const auto kind = dc09::decide(d, now);
            refuse(peer, r.header, kind, reason_name(r.reason), now, reply);
            return;
        }
        const dc09::frame& f = *d;
        if (auto valid = dc09::validate(f, now); !valid) {
            refuse(peer, f.header, dc09::response_for(valid.error()), reason_name(valid.error()),
                   now, reply);
            return;
        }
        const sia_account* account = accounts.find(f.header.account);
        if (account == nullptr) {
            // Unknown account: NAK (brief §13, our policy), and a line naming it.
            refuse(peer, f.header, dc09::response_kind::nak, "unknown_account", now, reply);
            return;
        }
        if (!sia_accounts::allows(*account, peer.address)) {
            refuse(peer, f.header, dc09::response_kind::nak, "source_not_allowed", now, reply);
            return;
        }
        if (!account->key.empty() && !f.header.encrypted) {
            // With a key, plain frames are refused (anyone could send them).
            refuse(peer, f.header, dc09::response_kind::nak, "plain_refused", now, reply);
            return;
        }
        const config::device* dev = pipe.site().device(account->device_id);
        if (dev == nullptr) {
            refuse(peer, f.header, dc09::response_kind::nak, "unknown_device", now, reply);
            return;
        }
        std::string rebuilt;
        if (raw.empty()) {
            // TCP: the decoder keeps no copy of the bytes; the frame written again is the same
            // text (plain; an encrypted frame is kept as its decrypted content).
            if (!dc09::encode_plain(f, rebuilt)) {
                rebuilt.clear();
            }
            raw = rebuilt;
        }
        auto events = events_of(f, *dev, raw);
        if (!events) {
            refuse(peer, f.header, dc09::response_kind::duh, reason_name(events.error()), now,
                   reply);
            return;
        }
        // Authenticated and understood: the panel is alive.
        supervision.touch(dev->id);
        if (events->empty()) {
            // NULL (link test) or SIA-DCS without events: nothing to store.
            count(peer, dc09::response_kind::ack,
                  f.header.type() == dc09::message_type::null_message ? "null" : "no_events");
            log()->debug(
                "event=frame_accepted transport={} peer={}:{} account={} seq={} "
                "token={} events=0",
                to_string(peer.transport), peer.address, peer.port, f.header.account,
                seq_text(f.header.sequence), f.header.id);
            reply(ack_bytes(f.header), true);
            return;
        }
        ingest(f, peer, *dev, std::move(*events), std::move(reply));
    }

    void ingest(const dc09::frame& f, const peer& peer, const config::device& dev,
                std::vector<core::event> events, reply_fn reply) {
        const auto steady_now = retry_cache::clock::now();
        const std::string account = upper(f.header.account);
        const auto digest = sia_frame_digest(f);
        const auto seq = f.header.sequence;
        auto header = std::make_shared<dc09::frame_header>(f.header);
        const auto state = retries.begin(
            account, seq, digest, steady_now, [this, header, peer, reply](bool durable) {
                // A retry that came while the first copy was being stored.
                count(peer, durable ? dc09::response_kind::ack : dc09::response_kind::none,
                      durable ? "retry" : "not_durable");
                reply(durable ? ack_bytes(*header) : std::string(), durable);
            });
        if (state == retry_cache::state::durable) {
            count(peer, dc09::response_kind::ack, "retry");
            log()->debug("event=retry_acked transport={} peer={}:{} account={} seq={}",
                         to_string(peer.transport), peer.address, peer.port, f.header.account,
                         seq_text(seq));
            reply(ack_bytes(*header), true);
            return;
        }
        if (state == retry_cache::state::pending) {
            return;  // the waiter above answers
        }

        // What the answer needs once every event of the frame is through the pipeline.
        struct batch {
            std::size_t remaining = 0;
            bool durable = true;
            std::shared_ptr<dc09::frame_header> header;
            ingest::peer from;
            reply_fn reply;
            std::string account;
            std::uint64_t digest = 0;
            std::string device_id;
        };
        auto b = std::make_shared<batch>(
            batch{events.size(), true, header, peer, std::move(reply), account, digest, dev.id});
        for (auto& ev : events) {
            pipe.site().locate(ev, dev);
            log()->debug("event=sia_event device={} zone={} code={} category={} kind={}", ev.device,
                         ev.zone, ev.code, core::to_string(ev.what), core::to_string(ev.kind));
            pipe.ingest(std::move(ev), [this, b,
                                        total = events.size()](const pipeline::ingest_result& r) {
                b->durable = b->durable && r.stored;  // in Redis: the panel may let go
                if (--b->remaining > 0) {
                    return;
                }
                const auto seq = b->header->sequence;
                retries.finish(b->account, seq, b->digest, b->durable, retry_cache::clock::now());
                if (b->durable) {
                    count(b->from, dc09::response_kind::ack, "ok");
                    b->reply(ack_bytes(*b->header), true);
                    return;
                }
                // Reached the guards from memory but not stored: no ACK, the panel retries.
                count(b->from, dc09::response_kind::none, "not_durable");
                log()->warn(
                    "event=sia_not_acked reason=not_durable transport={} account={} seq={} "
                    "device={} events={}",
                    to_string(b->from.transport), b->header->account, seq_text(seq), b->device_id,
                    total);
                b->reply(std::string(), false);
            });
        }
    }
};

sia_router::sia_router(pipeline::event_sink& pipe, const config::config& cfg, sys::metrics& m,
                       pipeline::supervision& supervision)
    : impl_(std::make_unique<impl>(pipe, cfg, m, supervision)) {}

sia_router::~sia_router() = default;

void sia_router::reload(const config::config& cfg) {
    impl_->accounts = sia_accounts(cfg);
    impl_->report_problems();
}

sia_handler sia_router::handler() {
    sia_handler h;
    h.keys = [i = impl_.get()](std::string_view account) { return i->key_of(account); };
    h.on_frame = [this](const dc09::decoded& d, const peer& peer, std::string_view raw,
                        reply_fn reply) { on_frame(d, peer, raw, std::move(reply)); };
    return h;
}

void sia_router::on_frame(const dc09::decoded& d, const peer& peer, std::string_view raw,
                          reply_fn reply) {
    impl_->on_frame(d, peer, raw, std::move(reply));
}

}  // namespace alarmd::ingest
