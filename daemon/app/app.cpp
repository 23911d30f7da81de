#include "daemon/app/app.hpp"

#include <atomic>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "daemon/app/sources.hpp"
#include "daemon/config/loader.hpp"
#include "daemon/config/restart_keys.hpp"
#include "daemon/http/api.hpp"
#include "daemon/http/console_loader.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/ingest/intercom/receiver.hpp"
#include "daemon/http/static_files.hpp"
#include "daemon/notify/sms/sms_gateway.hpp"
#include "daemon/notify/ws_hub.hpp"
#include "daemon/pipeline/escalation.hpp"
#include "daemon/pipeline/guard_requests.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/store/incident_store.hpp"
#include "daemon/store/redis_client.hpp"
#include "daemon/store/redis_persistence.hpp"
#include "daemon/store/stage_store.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "daemon/sys/sd_notify.hpp"
#include "daemon/sys/tls_context.hpp"
#include "daemon/sys/token_book.hpp"

namespace alarmd::app {
namespace asio = boost::asio;

namespace {

const auto& log() {
    static auto l = sys::logger("app");
    return l;
}

store::redis_options redis_options_of(const config::redis_config& r) {
    store::redis_options o;
    o.url = r.url;
    o.connect_timeout = r.connect_timeout;
    o.ping_interval = r.ping_interval;
    o.reconnect_min = r.reconnect_min;
    o.reconnect_max = r.reconnect_max;
    return o;
}

// After SIGTERM: writes in flight (and the answers waiting on them: 202s, DC-09 ACKs) and the
// backlog held for Redis get up to drain_limit; the last WebSocket frames at least drain_min.
// systemd's TimeoutStopSec (15 s) is above the limit.
constexpr std::chrono::milliseconds drain_limit{10000};
constexpr std::chrono::milliseconds drain_min{100};
constexpr std::chrono::milliseconds drain_poll{20};

}  // namespace

struct app::impl {
    explicit impl(config::config c)
        : cfg(std::make_shared<const config::config>(std::move(c))),
          redis(ioc, redis_options_of(cfg->redis)),
          store(redis, cfg->redis.key_prefix, cfg->redis.events_maxlen, cfg->redis.replay_maxlen,
                cfg->redis.replay_max_bytes),
          stages(redis, cfg->redis.key_prefix),
          hub(cfg->websocket, metrics),
          pipe(cfg, store, hub, metrics),
          intercom(ioc, pipe, cfg),
          sms(std::make_shared<notify::sms_dispatcher>(ioc, cfg->sms)),
          esc(ioc, cfg, stages, hub, sms, metrics),
          tokens(*cfg),
          tls(sys::make_tls_context(cfg->server)),
          http(ioc, cfg->server, tls,
               http::make_api({cfg, tokens, pipe, store, stages, hub, metrics,
                               [this] { return redis.connected(); }, persistence,
                               [this] { return sources_health(); },
                               [this](const config::device& d) { return intercom.heard(d); },
                               console})),
          signals(ioc),
          watchdog(ioc),
          bypass_sweep(ioc),
          drain(ioc),
          sources(make_sources(ioc, pipe, cfg, metrics)) {}

    asio::io_context ioc{1};
    // Reads config files for SIGHUP off the loop; destroyed (joined) before the loop it posts to.
    asio::thread_pool loader{1};
    // The current config. Replaced whole on reload; what is in flight keeps its own copy.
    config::snapshot cfg;
    sys::metrics metrics;
    store::redis_persistence persistence;  // as read at the last connect
    store::redis_client redis;
    store::incident_store store;
    store::stage_store stages;
    notify::ws_hub hub;
    pipeline::pipeline pipe;
    // Door stations speak through the HTTP API; this supervises those with an interval.
    ingest::intercom_receiver intercom;
    std::shared_ptr<notify::sms_dispatcher> sms;
    pipeline::escalation esc;
    sys::token_book tokens;
    std::shared_ptr<sys::tls_context> tls;  // server.tls's, for new connections; null: plain
    // The guard console's files, read at start and on reload off the loop; null: / is 404.
    std::shared_ptr<const http::static_files> console;
    http::http_server http;
    asio::signal_set signals;
    asio::steady_timer watchdog;
    asio::steady_timer bypass_sweep;  // once a second: re-arms expired bypasses, retries writes
    asio::steady_timer drain;
    bool loaded = false;
    bool stopping = false;
    std::chrono::steady_clock::time_point drain_started;
    std::optional<std::chrono::steady_clock::time_point> drain_settled_at;
    // The last seq written as the clean-stop mark: marked again if anything is published after
    // it (a supervision timer, a request that was already being answered).
    std::optional<std::uint64_t> clean_marked_seq;
    std::vector<std::unique_ptr<ingest::source>> sources;  // the configured receivers

    std::vector<sys::component_health> sources_health() const {
        std::vector<sys::component_health> all;
        for (const auto& s : sources) {
            for (auto& h : s->health()) {
                all.push_back(std::move(h));
            }
        }
        return all;
    }

    void wire() {
        hub.set_hooks(pipeline::make_guard_hooks(pipe, store, cfg->websocket.hello_incidents));
        pipe.set_escalation(&esc);
        esc.set_incident_source(
            [this](const std::string& id, auto done) { pipe.find_incident(id, std::move(done)); });
        log_sms_gateways();
        log_exposure();
        log_config_warnings();
        metrics.ws_clients = [this] { return static_cast<std::int64_t>(hub.client_count()); };
        metrics.open_incidents = [this] { return static_cast<std::int64_t>(pipe.open_count()); };
        metrics.redis_up = [this] { return redis.connected(); };
        metrics.redis_durable = [this] { return persistence.durable(); };
        redis.on_state_change([this](bool up) {
            if (up) {
                sys::notify_status("running");
                check_persistence();
                pipe.on_redis_up([this] {
                    loaded = true;
                    esc.load_pending();
                });
            } else {
                log()->warn("event=degraded reason=redis_down (alarms still reach guards)");
                sys::notify_status("degraded: Redis unavailable");
            }
        });
    }

    void wait_signal() {
        signals.async_wait([this](boost::system::error_code ec, int sig) {
            if (ec) {
                return;
            }
            if (sig == SIGHUP) {
                reload();
                wait_signal();
                return;
            }
            log()->info("event=signal signal={} action=drain", sig);
            begin_stop();
        });
    }

    // At every connect: a Redis without an fsync'd append-only file loses acknowledged events
    // when it restarts, so that is said loudly (log at error, /readyz, /metrics, answers).
    void check_persistence() {
        store::read_persistence(redis, [this](store::redis_persistence p) {
            persistence = p;
            pipe.set_redis_durable(p.durable());
            if (p.durable()) {
                log()->info("event=redis_persistence appendonly={} appendfsync={}", p.appendonly,
                            p.appendfsync);
            } else if (!p.known) {
                log()->error(
                    "event=redis_not_durable reason=\"CONFIG GET refused: persistence "
                    "cannot be checked\" effect=\"answers say durable: false\"");
            } else {
                log()->error(
                    "event=redis_not_durable appendonly={} appendfsync={} "
                    "effect=\"acknowledged events are lost if Redis restarts\" "
                    "fix=\"appendonly yes, appendfsync everysec (or always)\"",
                    p.appendonly, p.appendfsync);
            }
        });
    }

    // What lets anyone on the estate's network raise or silence alarms: said at every start and
    // reload, so it is fixed rather than forgotten.
    void log_exposure() const {
        for (const auto& s : cfg->ingest.http_sources) {
            if (s.devices.empty()) {
                log()->warn(
                    "event=http_source_unscoped source={} (it may send events for any "
                    "device; list its devices)",
                    s.name);
            }
        }
    }

    // What the config left out (a residents row that cannot be used): said at every start and
    // reload, with its file and line, so the row is fixed rather than silently missing.
    void log_config_warnings() const {
        for (const auto& w : cfg->warnings) {
            log()->warn("event=config_warning problem=\"{}\"", w.str());
        }
    }

    // A reload that removes a person, changes their token or their role ends their consoles'
    // sessions: a token taken away must not keep a live feed (they log in again if allowed).
    void close_sessions_of_removed_tokens() {
        const auto closed = hub.close_unless([this](const notify::ws_identity& who) {
            for (const auto& p : cfg->people) {
                if (p.id == who.person_id) {
                    return p.token_sha256 == who.token_sha256 &&
                           config::to_string(p.person_role) == who.role;
                }
            }
            return false;
        });
        if (closed > 0) {
            log()->warn("event=ws_sessions_closed reason=token_removed_by_reload count={}", closed);
        }
    }

    void log_sms_gateways() {
        for (const auto& s : sms->skipped()) {
            log()->warn("event=sms_gateway_unavailable gateway=\"{}\"", s);
        }
        if (sms->empty()) {
            log()->warn("event=no_sms_gateway (SMS stages will be recorded as failed)");
        }
    }

    // SIGHUP: policies, people, devices, residents, windows, the TLS certificate, the allowed
    // origins and the connection cap are swapped in whole on the loop; connections, open
    // incidents and scheduled stages stay. An invalid file changes nothing. The file (and the
    // residents CSV and PEM files it names) is read and the TLS context made on the loader
    // thread, never on the event loop; the result is swapped in on the loop. Reloads are applied
    // in the order they came.
    void reload() {
        sys::notify_reloading();
        asio::post(loader, [this, path = cfg->source_path] {
            auto next = std::make_shared<reload_input>(load_with_tls(path));
            asio::post(ioc, [this, next] {
                if (!stopping) {
                    apply_reload(std::move(*next));
                }
            });
        });
    }

    using loaded_config = result<config::config, config::diagnostics>;
    struct reload_input {
        loaded_config cfg;
        std::shared_ptr<sys::tls_context> tls;  // made from cfg's server.tls
        http::console_load console;             // the files of cfg's console folder
    };

    static reload_input load_with_tls(const std::string& path) {
        auto next = config::load_file(path);
        if (!next) {
            return {std::move(next), nullptr, {}};
        }
        try {
            auto tls = sys::make_tls_context(next->server);
            auto files = http::load_console(*next);
            return {std::move(next), std::move(tls), std::move(files)};
        } catch (const std::exception& e) {
            config::diagnostics d;
            d.items.push_back({path, 0, e.what()});
            return {loaded_config(boost::system::in_place_error, std::move(d)), nullptr, {}};
        }
    }

    // The console's files as loaded, logged. A folder that cannot be read keeps the files served
    // so far (an upgrade half-way through, say): guards keep their page.
    void use_console(http::console_load l) {
        if (!cfg->server.console) {
            console = nullptr;
            log()->info("event=console state=off");
            return;
        }
        if (!l.files) {
            log()->error("event=console_unavailable problem=\"{}\" effect=\"{}\"", l.problem,
                         console ? "the files loaded before are served" : "/ answers 404");
            return;
        }
        console = std::move(l.files);
        log()->info("event=console state=on dir=\"{}\" files={} bytes={}", cfg->server.console_dir,
                    console->size(), console->bytes());
    }

    void apply_reload(reload_input l) {
        auto& next = l.cfg;
        if (!next) {
            for (const auto& d : next.error().items) {
                log()->error("event=reload_rejected problem=\"{}\"", d.str());
            }
            sys::notify_status("running (reload rejected: config invalid)");
            sys::notify_ready();
            return;
        }
        if (const auto keys = config::restart_only_changes(*cfg, *next); !keys.empty()) {
            std::string names;
            for (const auto& k : keys) {
                names += (names.empty() ? "" : ",") + k;
            }
            log()->warn("event=reload_partial restart_needed=\"{}\" effect=\"these keep their "
                        "running values until alarmd is restarted\"",
                        names);
        }
        next->timezone = cfg->timezone;  // the process's zone is the one it started with
        // Of the server section, the certificate, the origins and the cap take effect now (for
        // new connections); switching TLS on or off would change every client's URL, so that
        // waits for a restart like the listen address.
        auto server = cfg->server;
        if (next->server.tls.has_value() == server.tls.has_value()) {
            server.tls = next->server.tls;
            tls = std::move(l.tls);
        }
        server.allowed_origins = next->server.allowed_origins;
        server.max_connections = next->server.max_connections;
        server.console = next->server.console;
        server.console_dir = next->server.console_dir;
        next->server = std::move(server);
        next->redis = cfg->redis;
        next->websocket = cfg->websocket;
        cfg = std::make_shared<const config::config>(std::move(*next));
        http.reload(tls, cfg->server.max_connections);
        use_console(std::move(l.console));
        pipe.reload(cfg);
        for (auto& s : sources) {
            s->reload(cfg);
        }
        intercom.reload(cfg);
        tokens = sys::token_book(*cfg);
        sms = std::make_shared<notify::sms_dispatcher>(ioc, cfg->sms);
        esc.reload(cfg, sms);
        log_sms_gateways();
        log_exposure();
        log_config_warnings();
        close_sessions_of_removed_tokens();
        sys::notify_status("running");
        sys::notify_ready();
        log()->info("event=reloaded devices={} people={} policies={} tls={}", cfg->devices.size(),
                    cfg->people.size(), cfg->policies.size(),
                    cfg->server.tls ? "\"" + cfg->server.tls->cert + "\"" : std::string("off"));
    }

    void kick_watchdog(std::chrono::microseconds every) {
        sys::notify_watchdog();
        watchdog.expires_after(every);
        watchdog.async_wait([this, every](boost::system::error_code ec) {
            if (!ec) {
                kick_watchdog(every);
            }
        });
    }

    void sweep_bypasses() {
        bypass_sweep.expires_after(std::chrono::seconds(1));
        bypass_sweep.async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                pipe.expire_bypasses(core::clock::now());
                if (redis.connected()) {
                    pipe.retry_unwritten();
                }
                sweep_bypasses();
            }
        });
    }

    void begin_stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        sys::notify_stopping();
        http.stop();
        for (auto& s : sources) {
            s->stop();
        }
        intercom.stop();
        esc.stop();
        hub.close_all();
        boost::system::error_code ignored;
        signals.cancel(ignored);
        watchdog.cancel();
        bypass_sweep.cancel();
        drain_started = std::chrono::steady_clock::now();
        poll_drain();
    }

    // Done when nothing asked of Redis is outstanding (a backlog being written back is a write
    // in flight; one Redis cannot take now stays unwritten), then once more around the loop for
    // the answers that were waiting on it.
    void poll_drain() {
        const auto now = std::chrono::steady_clock::now();
        const bool settled = redis.in_flight() == 0 && esc.sms_unanswered() == 0;
        if (settled && !drain_settled_at) {
            drain_settled_at = now;
        }
        if (!settled) {
            drain_settled_at.reset();
        }
        if (settled && clean_marked_seq != hub.last_seq() && redis.connected() &&
            pipe.unwritten_events() + pipe.unwritten_incidents() + store.unwritten_replay() == 0) {
            // Everything published is in the replay log: the next start may say so to resumes.
            clean_marked_seq = hub.last_seq();
            store.mark_clean_stop(hub.last_seq(), {});
            drain_settled_at.reset();
        }
        const bool done = drain_settled_at && now - *drain_settled_at >= drain_poll &&
                          now - drain_started >= drain_min;
        if (done || now - drain_started >= drain_limit) {
            finish_stop(now);
            return;
        }
        drain.expires_after(drain_poll);
        drain.async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                poll_drain();
            }
        });
    }

    void finish_stop(std::chrono::steady_clock::time_point now) {
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - drain_started).count();
        const auto in_flight = redis.in_flight();
        const auto events = pipe.unwritten_events();
        const auto incidents = pipe.unwritten_incidents();
        if (const auto sms = esc.sms_unanswered(); sms > 0) {
            log()->warn("event=shutdown_sms_unanswered count={} drain_ms={} (handed to a "
                        "gateway, no answer yet: recorded as unknown at the next start, not "
                        "sent again)",
                        sms,
                        std::chrono::duration_cast<std::chrono::milliseconds>(now - drain_started)
                            .count());
        }
        if (in_flight + events + incidents > 0) {
            log()->error(
                "event=shutdown_unwritten redis_in_flight={} events={} incidents={} "
                "redis={} drain_ms={} (lost: not in Redis)",
                in_flight, events, incidents, redis.connected() ? "up" : "down", ms);
        } else {
            log()->info("event=drained drain_ms={}", ms);
        }
        redis.stop();
        ioc.stop();
    }
};

app::app(config::config cfg) : impl_(std::make_unique<impl>(std::move(cfg))) {}

app::~app() = default;

void app::start() {
    auto& i = *impl_;
    i.wire();
    i.use_console(http::load_console(*i.cfg));  // read before the loop runs, never on it
    i.redis.start();
    const auto deadline = std::chrono::steady_clock::now() + i.cfg->redis.connect_timeout;
    while (!i.loaded && std::chrono::steady_clock::now() < deadline) {
        i.ioc.run_one_for(std::chrono::milliseconds(20));
        if (i.ioc.stopped()) {
            i.ioc.restart();
        }
    }
    if (!i.loaded) {
        log()->warn(
            "event=start_degraded reason=\"Redis not reachable in {} ms; state will be "
            "read when it comes\"",
            i.cfg->redis.connect_timeout.count());
    }
    i.http.listen();
    for (auto& s : i.sources) {
        s->start();  // binds its listeners (throws)
    }
    i.intercom.start();
    i.signals.add(SIGTERM);
    i.signals.add(SIGINT);
    i.signals.add(SIGHUP);
    i.wait_signal();
    if (auto every = sys::watchdog_interval()) {
        i.kick_watchdog(*every);
    }
    i.sweep_bypasses();
    sys::notify_ready();
    log()->info("event=ready http_port={} open_incidents={} redis={}", i.http.port(),
                i.pipe.open_count(), i.redis.connected() ? "up" : "down");
}

// An exception that escapes a completion handler (outside any request or connection that could
// contain it) is logged and the loop goes on: one bad callback must not end the daemon.
int app::run() {
    for (;;) {
        try {
            impl_->ioc.run();
            break;
        } catch (const std::exception& e) {
            log()->error("event=handler_exception reason=\"{}\" action=continue", e.what());
        }
    }
    log()->info("event=stopped");
    return 0;
}

void app::stop() {
    asio::post(impl_->ioc, [i = impl_.get()] { i->begin_stop(); });
}

std::uint16_t app::http_port() const {
    return impl_->http.port();
}

std::uint16_t app::listen_port(std::string_view what) const {
    for (const auto& s : impl_->sources) {
        for (const auto& l : s->listening_on()) {
            if (l.what == what) {
                return l.port;
            }
        }
    }
    return 0;
}

}  // namespace alarmd::app
