#include "tests/fault/fault_run.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include "daemon/sys/token_book.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/replay_log.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test::fault {
namespace {

namespace json = boost::json;
namespace dc09 = protocols::sia_dc09;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

// Recipients per stage of the policy below: s1 the manager by SMS; s2 the team lead and both
// guards, each by WebSocket and SMS.
constexpr std::size_t s1_deliveries = 1;
constexpr std::size_t s2_deliveries = 6;

std::string account_of(int panel) { return std::to_string(1001 + panel); }

std::string config_yaml(const redis_server& redis, int sia_port, int panels) {
    auto tok = [](const std::string& id) { return sys::sha256_hex("tok-" + id); };
    std::ostringstream y;
    y << "server: { http_listen: \"127.0.0.1:0\" }\n"
      << "redis: { url: \"" << redis.url()
      << "\", key_prefix: \"t:\", connect_timeout: 2s, ping_interval: 200ms,"
         " reconnect_min: 50ms, reconnect_max: 200ms }\n"
      << "ingest:\n"
      << "  sia: { tcp: \"127.0.0.1:" << sia_port << "\", supervision: 1h }\n"
      << "  http_sources: [ { name: gw, token_sha256: \"" << tok("gw") << "\" } ]\n"
      << "site:\n  buildings: [ { id: B1, name: \"1号楼\" }, { id: B2, name: \"2号楼\" } ]\n"
      << "devices:\n";
    for (int p = 0; p < panels; ++p) {
        y << "  - { id: panel-" << p << ", protocol: sia, account: \"" << account_of(p)
          << "\", building: B1 }\n";
    }
    y << "  - { id: door-b2, protocol: http, building: B2, unit: \"301\" }\n"
      << "people:\n";
    for (const auto& [id, role] : {std::pair{"g01", "guard"}, {"g02", "guard"},
                                   {"lead1", "team_lead"}, {"mgr1", "manager"}}) {
        y << "  - { id: " << id << ", name: " << id << ", role: " << role
          << ", phone: \"+8613800000000\", token_sha256: \"" << tok(id) << "\" }\n";
    }
    y << "correlation: { dedupe_window: 0s, group_window: 0s }\n"
      << "sms: { gateways: [ { name: demo, type: log } ], per_recipient_per_minute: 0 }\n"
      << "policies:\n  default:\n    stages:\n"
      << "      - { name: s1, at: 2s, to: [manager], via: [sms] }\n"
      << "      - { name: s2, at: 4s, to: [team_lead, guard], via: [ws, sms] }\n";
    return y.str();
}

// Contact ID burglary, zone from the sequence number, timestamped now.
std::string frame_for(const std::string& account, std::uint16_t seq) {
    dc09::frame f;
    f.header.id = "ADM-CID";
    f.header.sequence = seq;
    f.header.line = "0";
    f.header.account = account;
    char zone[4];
    std::snprintf(zone, sizeof zone, "%03d", seq % 999 + 1);
    f.body.data = "#" + account + "|1130 01 " + zone;
    f.body.timestamp = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::string out;
    if (!dc09::encode_plain(f, out)) {
        throw std::runtime_error("cannot encode a fault-run frame");
    }
    return out;
}

// A panel's TCP link that survives the receiver going away: reconnects, never SIGPIPEs.
class panel_link {
public:
    explicit panel_link(int port) : port_(port) {}
    ~panel_link() { drop(); }
    panel_link(const panel_link&) = delete;
    panel_link& operator=(const panel_link&) = delete;

    // Sends `frame` and waits up to `wait` for the answer's kind (ACK, NAK, DUH), or nullopt.
    std::optional<std::string> exchange(const std::string& frame, std::chrono::milliseconds wait) {
        if (fd_ < 0 && !connect()) {
            return std::nullopt;
        }
        if (::send(fd_, frame.data(), frame.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(frame.size())) {
            drop();
            return std::nullopt;
        }
        const auto deadline = steady::now() + wait;
        std::string in;
        for (;;) {
            if (const auto end = in.find('\r'); end != std::string::npos) {
                auto d = dc09::parse_datagram(in.substr(0, end + 1),
                                              [](std::string_view) { return std::nullopt; });
                if (d) {
                    return d->header.id;
                }
                const dc09::rejection r = d.error();
                return r.header ? r.header->id : std::string("?");
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
            if (left <= 0ms) {
                drop();  // a late answer must not be read as the next frame's
                return std::nullopt;
            }
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
                continue;
            }
            char buf[512];
            const auto n = ::recv(fd_, buf, sizeof buf, 0);
            if (n <= 0) {
                drop();
                return std::nullopt;
            }
            in.append(buf, static_cast<std::size_t>(n));
        }
    }

private:
    bool connect() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port_));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
            drop();
            return false;
        }
        return true;
    }
    void drop() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

    int port_;
    int fd_ = -1;
};

// A sender keeps retrying what is under way for 15 s after it is told to stop.
struct grace_period {
    std::optional<steady::time_point> until;
    bool over(bool stopping) {
        if (stopping && !until) {
            until = steady::now() + 15s;
        }
        return until && steady::now() > *until;
    }
};

// What one sender did: logical events sent and those acknowledged, by key.
struct sender_log {
    std::size_t sent = 0;
    std::set<std::string> acked;
};

// A panel: frame after frame, each retried (same bytes; new timestamp after a NAK) until ACKed.
// After `stop`, the frame under way gets 15 s more to be answered.
void run_panel(int panel, int sia_port, const std::atomic<bool>& stop, sender_log& out) {
    panel_link link(sia_port);
    const auto account = account_of(panel);
    for (std::uint16_t seq = 1; !stop && seq < 9999; ++seq) {
        ++out.sent;
        auto frame = frame_for(account, seq);
        for (grace_period grace; !grace.over(stop);) {
            const auto answer = link.exchange(frame, 2s);
            if (answer == "ACK") {
                out.acked.insert(account + "/" + std::to_string(seq));
                break;
            }
            if (answer == "NAK") {
                frame = frame_for(account, seq);  // stale timestamp after an outage
            }
            if (!answer) {
                std::this_thread::sleep_for(50ms);
            }
        }
        std::this_thread::sleep_for(80ms);
    }
}

// An intercom gateway posting over HTTP, retrying a 503 or a failed connection.
void run_http_sender(const daemon_process& daemon, const std::atomic<bool>& stop,
                     sender_log& out) {
    for (int k = 1; !stop; ++k) {
        ++out.sent;
        const auto zone = "h" + std::to_string(k);
        const auto body = R"({"device":"door-b2","zone":")" + zone +
                          R"(","category":"intercom_emergency"})";
        for (grace_period grace; !grace.over(stop);) {
            int status = 0;
            try {
                status = http_call(daemon.port(), "POST", "/v1/events", body, "tok-gw").status;
            } catch (const std::exception&) {
                status = 0;  // the daemon is down: try again
            }
            if (status == 202) {
                out.acked.insert("door-b2/" + zone);
                break;
            }
            std::this_thread::sleep_for(100ms);
        }
        std::this_thread::sleep_for(100ms);
    }
}

// A guard console: reads everything, reconnects after each loss and resumes from the last seq
// it saw. Records the seqs it got and the ranges it was told to resync over.
struct console_log {
    std::set<std::uint64_t> got;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> resynced;  // (after_seq, hello_seq]
    std::size_t resyncs = 0;
};

void run_console(const daemon_process& daemon, const std::atomic<bool>& stop, console_log& out) {
    std::uint64_t last = 0;
    bool first = true;
    while (!stop) {
        std::unique_ptr<ws_client> c;
        try {
            c = std::make_unique<ws_client>(daemon.port(), "tok-g01");
        } catch (const std::exception&) {
            std::this_thread::sleep_for(100ms);
            continue;
        }
        auto hello = c->next_of("hello", 10s);
        if (!hello) {
            continue;
        }
        const auto hello_seq = hello->as_object().at("seq").to_number<std::uint64_t>();
        if (first) {
            last = hello_seq;
            first = false;
        } else {
            c->send(json::object{{"type", "resume"}, {"after_seq", last}, {"ref", "r"}});
        }
        std::uint64_t resume_from = last;
        while (!stop) {
            auto m = c->next(1s);
            if (!m) {
                break;  // the daemon went away (or a quiet second: reconnecting costs nothing)
            }
            const auto& o = m->as_object();
            const auto type = o.at("type").as_string();
            if (type == "ok" && o.contains("complete")) {
                if (!o.at("complete").as_bool()) {
                    ++out.resyncs;
                    out.resynced.emplace_back(resume_from, hello_seq);
                }
                continue;
            }
            if (type == "ok" || type == "error") {
                continue;
            }
            const auto seq = o.at("seq").to_number<std::uint64_t>();
            out.got.insert(seq);
            last = std::max(last, seq);
        }
    }
}

bool addressed_to(const json::object& m, const std::string& person) {
    const auto* to = m.if_contains("to");
    if (to == nullptr || !to->is_array()) {
        return true;
    }
    for (const auto& p : to->as_array()) {
        if (p.is_string() && p.as_string() == person) {
            return true;
        }
    }
    return false;
}

// Waits (bounded) until no stage is pending or claimed-but-unfinished.
bool stages_settle(int redis_port, std::chrono::seconds limit) {
    const auto deadline = steady::now() + limit;
    while (steady::now() < deadline) {
        if (redis_query(redis_port, {"ZCARD", "t:stages"}).integer == 0 &&
            redis_query(redis_port, {"HLEN", "t:stages:claimed"}).integer == 0) {
            return true;
        }
        std::this_thread::sleep_for(100ms);
    }
    return false;
}

// The logical key of a stored event: account/seq for a DC-09 frame, device/zone for HTTP.
std::string key_of(const json::object& ev) {
    const auto device = std::string(ev.at("device").as_string());
    if (device == "door-b2") {
        return device + "/" + std::string(ev.at("zone").as_string());
    }
    const auto raw = std::string(ev.at("raw").as_string());
    const auto at = raw.find("\"ADM-CID\"");
    const auto hash = raw.find('#', at);
    if (at == std::string::npos || hash == std::string::npos) {
        return "?";
    }
    const auto seq = std::stoi(raw.substr(at + 9, 4));
    const auto end = raw.find_first_of("[|", hash);
    return raw.substr(hash + 1, end - hash - 1) + "/" + std::to_string(seq);
}

// The events stream holds every stored event (an incident's own list keeps only its newest).
// XRANGE entries come flattened: id, then field, value pairs; "json" is the event.
void check_events(int redis_port, const std::vector<sender_log>& senders, tally& t) {
    std::map<std::string, std::size_t> stored;
    std::string from = "-";
    for (;;) {
        const auto flat =
            redis_query(redis_port, {"XRANGE", "t:events", from, "+", "COUNT", "2000"}).elements;
        std::size_t entries = 0;
        std::string last_id;
        for (std::size_t i = 0; i + 1 < flat.size(); ++i) {
            if (flat[i] == "id" && i > 0) {
                last_id = flat[i - 1];
                ++entries;
            }
            if (flat[i] == "json") {
                ++stored[key_of(json::parse(flat[i + 1]).as_object())];
                ++i;
            }
        }
        if (entries < 2000 || last_id.empty()) {
            break;
        }
        from = "(" + last_id;
    }
    for (const auto& s : senders) {
        t.sent += s.sent;
        t.acked += s.acked.size();
        for (const auto& k : s.acked) {
            if (!stored.contains(k)) {
                ++t.lost;
                if (t.lost_sample.size() < 10) {
                    t.lost_sample.push_back(k);
                }
            }
        }
    }
    for (const auto& [k, n] : stored) {
        ++t.stored;
        t.stored_twice += n > 1 ? 1 : 0;
    }
}

void check_stages(int redis_port, const std::vector<std::string>& incidents, tally& t) {
    for (const auto& id : incidents) {
        t.stages_due += 2;
        const auto records = redis_query(redis_port, {"HGETALL", "t:incident:" + id + ":stages"});
        std::map<std::string, std::size_t> fired_lines;
        std::map<std::string, std::size_t> notified;
        for (const auto& e :
             redis_query(redis_port, {"LRANGE", "t:incident:" + id + ":timeline", "0", "-1"})
                 .elements) {
            const auto line = json::parse(e).as_object();
            const auto what = std::string(line.at("what").as_string());
            const auto detail = std::string(line.at("detail").as_string());
            if (what == "stage_fired") {
                ++fired_lines[detail.substr(0, detail.find_first_of(" :"))];
            } else if (what == "notified") {
                ++notified[std::string(line.at("who").as_string()) + " " + detail.substr(0, detail.find(':'))];
            }
        }
        bool doubled = false;
        for (const auto& [stage, n] : fired_lines) {
            doubled = doubled || n > 1;
        }
        for (const auto& [who, n] : notified) {
            doubled = doubled || n > 1;
        }
        t.stages_doubled += doubled ? 1 : 0;
        for (std::size_t k = 0; k + 1 < records.elements.size(); k += 2) {
            const auto want = records.elements[k] == "s1" ? s1_deliveries : s2_deliveries;
            const auto rec = json::parse(records.elements[k + 1]).as_object();
            std::set<std::string> to;
            for (const auto& d : rec.at("deliveries").as_array()) {
                to.insert(std::string(d.at("to").as_string()) + "|" +
                          std::string(d.at("via").as_string()));
            }
            if (rec.at("fired_at").is_string() && to.size() == want &&
                rec.at("deliveries").as_array().size() == want) {
                ++t.stages_delivered;
            }
        }
    }
}

void check_console(int redis_port, const console_log& c, tally& t) {
    if (c.got.empty()) {
        return;
    }
    const auto first = *c.got.begin();
    for (const auto& [seq, message] : replay_log(redis_port, "t:", first)) {
        const auto m = json::parse(message).as_object();
        if (m.at("type").as_string() == "seq.skip" || !addressed_to(m, "g01")) {
            continue;  // a restart's marker, or another person's notice
        }
        ++t.console_messages;
        bool covered = c.got.contains(seq);
        for (const auto& [after, upto] : c.resynced) {
            covered = covered || (seq > after && seq <= upto);
        }
        t.console_missed += covered ? 0 : 1;
    }
    t.console_resyncs = c.resyncs;
}

}  // namespace

tally run(const options& o) {
    redis_server redis(true, "always");
    const int sia_port = free_tcp_port();
    daemon_process daemon(config_yaml(redis, sia_port, o.panels));
    daemon.start();

    std::atomic<bool> stop{false};          // the senders
    std::atomic<bool> stop_console{false};  // once every stage has settled
    std::vector<sender_log> senders(static_cast<std::size_t>(o.panels) + 1);
    console_log console;
    std::vector<std::thread> threads;
    for (int p = 0; p < o.panels; ++p) {
        threads.emplace_back(run_panel, p, sia_port, std::cref(stop), std::ref(senders[p]));
    }
    threads.emplace_back(run_http_sender, std::cref(daemon), std::cref(stop),
                         std::ref(senders.back()));
    std::thread console_thread(run_console, std::cref(daemon), std::cref(stop_console),
                               std::ref(console));

    tally t;
    std::mt19937 rng(o.seed);
    std::uniform_int_distribution<long> pause(o.fault_min.count(), o.fault_max.count());
    std::uniform_int_distribution<int> which(1, std::max(o.redis_one_in, 1));
    const auto end = steady::now() + o.duration;
    for (std::size_t n = 0; steady::now() + o.fault_max < end || n < o.min_faults; ++n) {
        std::this_thread::sleep_for(std::chrono::milliseconds(pause(rng)));
        if (n == 1 || (n > 1 && which(rng) == 1)) {
            redis.kill9();
            ++t.redis_kills;
            redis.start();
        } else {
            daemon.kill9();
            ++t.daemon_kills;
            daemon.start();
        }
    }
    std::this_thread::sleep_until(end);
    stop = true;
    for (auto& th : threads) {
        th.join();
    }
    const bool settled = stages_settle(redis.port(), 120s);
    std::this_thread::sleep_for(2s);  // the console reads the last notices
    stop_console = true;
    console_thread.join();
    if (!settled) {
        throw std::runtime_error("stages did not settle within 2 minutes:\n" +
                                 daemon.log().substr(0, 4000));
    }
    const auto incidents =
        redis_query(redis.port(), {"ZRANGE", "t:incidents:all", "0", "-1"}).elements;
    check_events(redis.port(), senders, t);
    check_stages(redis.port(), incidents, t);
    check_console(redis.port(), console, t);
    daemon.terminate();
    return t;
}

std::string table(const tally& t, const options& o) {
    std::ostringstream s;
    s << "fault run: " << o.duration.count() << " s, " << o.panels << " DC-09 panels + 1 HTTP sender + 1 console\n"
      << "| faults (alarmd / redis kill -9) | " << t.daemon_kills << " / " << t.redis_kills << " |\n"
      << "| events sent / ACKed / stored / lost / stored twice | " << t.sent << " / " << t.acked
      << " / " << t.stored << " / " << t.lost << " / " << t.stored_twice << " |\n"
      << "| stages due / delivered / doubled | " << t.stages_due << " / " << t.stages_delivered
      << " / " << t.stages_doubled << " |\n"
      << "| console messages / missed / resyncs | " << t.console_messages << " / "
      << t.console_missed << " / " << t.console_resyncs << " |\n";
    if (!t.lost_sample.empty()) {
        s << "lost, the first of them:";
        for (const auto& k : t.lost_sample) {
            s << " " << k;
        }
        s << "\n";
    }
    return s.str();
}

}  // namespace alarmd::test::fault
