#include "daemon/store/incident_store.hpp"

#include <algorithm>

#include <boost/asio/error.hpp>

#include "daemon/store/replay_ids.hpp"
#include "daemon/store/reply_checks.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::store {

namespace {

const auto& log() {
    static auto l = sys::logger("store");
    return l;
}

constexpr std::string_view zone_field_prefix = "z:";

// An incident hash read back: its head (or, from before, its whole JSON) and its zone fields.
stored_incident stored_of(const redis_reply& r) {
    stored_incident s;
    std::string json;
    for (auto& [field, value] : pairs_of(r)) {
        if (field == "head") {
            s.head = std::move(value);
        } else if (field == "json") {
            json = std::move(value);
        } else if (field.starts_with(zone_field_prefix)) {
            s.zones.push_back(std::move(value));
        }
    }
    if (s.head.empty()) {
        s.head = std::move(json);
    }
    return s;
}

}  // namespace

void merge(incident_write& into, incident_write later) {
    const bool reindex = into.reindex || later.reindex;
    auto zones = std::move(into.zones);
    auto timeline = std::move(into.timeline);
    for (auto& [k, v] : later.zones) {
        zones.insert_or_assign(k, std::move(v));
    }
    timeline.insert(timeline.end(), std::make_move_iterator(later.timeline.begin()),
                    std::make_move_iterator(later.timeline.end()));
    auto schedule = std::move(into.schedule);
    schedule.insert(schedule.end(), later.schedule.begin(), later.schedule.end());
    into = std::move(later);
    into.reindex = reindex;
    into.zones = std::move(zones);
    into.timeline = std::move(timeline);
    into.schedule = std::move(schedule);
}

incident_store::incident_store(redis_client& redis, std::string prefix, std::size_t events_maxlen,
                               std::size_t replay_maxlen, std::size_t replay_max_bytes)
    : redis_(redis),
      prefix_(std::move(prefix)),
      events_maxlen_(events_maxlen),
      replay_maxlen_(replay_maxlen),
      replay_max_bytes_(replay_max_bytes),
      events_key_(key("events")),
      events_maxlen_text_(std::to_string(events_maxlen)),
      replay_key_(key(replay_key)),
      replay_maxlen_text_(std::to_string(replay_maxlen)) {}

std::string incident_store::key(std::string_view suffix) const { return key(suffix, {}, {}); }

// One allocation for a key of three parts ("incident:" ID ":events"): keys are built for every
// write of every event.
std::string incident_store::key(std::string_view a, std::string_view b, std::string_view c) const {
    std::string k;
    k.reserve(prefix_.size() + a.size() + b.size() + c.size());
    k.append(prefix_).append(a).append(b).append(c);
    return k;
}

// One HSET: the head and the zones that changed (fields "z:device/zone"); the fields that the
// indexes and reports read directly only when they change.
void incident_store::add_incident(std::vector<redis_command>& cmds, const incident_write& w) const {
    const auto hkey = key("incident:", w.id, {});
    redis_command hset;
    hset.reserve(4 + 2 * w.zones.size() + (w.reindex ? 6 : 0));
    hset.insert(hset.end(), {"HSET", hkey, "head", w.head});
    for (const auto& [k, v] : w.zones) {
        auto& field = hset.emplace_back();
        field.reserve(zone_field_prefix.size() + k.size());
        field.append(zone_field_prefix).append(k);
        hset.push_back(v);
    }
    if (w.reindex) {
        hset.insert(hset.end(), {"state", w.state, "category", w.category, "building",
                                 w.building});
    }
    cmds.push_back(std::move(hset));
    if (w.reindex) {
        const auto score = std::to_string(w.opened_ms);
        cmds.push_back({"ZADD", key("incidents:all"), score, w.id});
        if (w.open) {
            cmds.push_back({"ZADD", key("incidents:open"), score, w.id});
        } else {
            cmds.push_back({"ZREM", key("incidents:open"), w.id});
        }
    }
    if (!w.timeline.empty()) {
        redis_command push{"RPUSH", hkey + ":timeline"};
        push.insert(push.end(), w.timeline.begin(), w.timeline.end());
        cmds.push_back(std::move(push));
    }
    if (!w.schedule.empty()) {
        // NX keeps the first due time. A member written again after an outage, when it had
        // already fired, is dropped at claim time: its record exists (stage_store.cpp).
        redis_command zadd{"ZADD", key("stages"), "NX"};
        for (const auto& e : w.schedule) {
            zadd.push_back(std::to_string(e.due_ms));
            zadd.push_back(e.member);
        }
        cmds.push_back(std::move(zadd));
    }
}

void incident_store::write_event(const event_write& w, done_fn done) {
    std::vector<redis_command> cmds;
    cmds.reserve(5);
    cmds.push_back({"XADD", events_key_, "MAXLEN", "~", events_maxlen_text_, "*", "id",
                    w.event_id, "incident", w.incident_id, "verdict", w.verdict, "json",
                    w.event_json});
    if (!w.incident_id.empty()) {
        const auto list = key("incident:", w.incident_id, ":events");
        cmds.push_back({"RPUSH", list, w.event_json});
        if (w.trim_events) {
            cmds.push_back({"LTRIM", list,
                            std::to_string(-static_cast<long long>(events_per_incident)), "-1"});
        }
    }
    if (w.incident) {
        add_incident(cmds, *w.incident);
    }
    if (!w.zone_state_key.empty()) {
        cmds.push_back({"HSET", key("zones"), w.zone_state_key, w.zone_state_json});
    }
    redis_.transaction(std::move(cmds), [done = std::move(done)](auto ec, const redis_reply& r) {
        if (done) {
            done(checked(ec, r));
        }
    });
}

void incident_store::write_incident(const incident_write& w, done_fn done) {
    std::vector<redis_command> cmds;
    add_incident(cmds, w);
    redis_.transaction(std::move(cmds), [done = std::move(done)](auto ec, const redis_reply& r) {
        if (done) {
            done(checked(ec, r));
        }
    });
}

void incident_store::write_zone_state(const std::string& zone_key, std::string json,
                                      done_fn done) {
    redis_.command({"HSET", key("zones"), zone_key, std::move(json)},
                   [done = std::move(done)](auto ec, const redis_reply& r) {
                       if (done) {
                           done(checked(ec, r));
                       }
                   });
}

// A load in progress: the open ids, where it is, and whom to tell.
struct load_run {
    std::vector<std::string> ids;
    std::size_t next = 0;
    std::size_t chunk = 1000;
    std::function<void(std::vector<stored_incident>)> incidents;
    std::function<void(boost::system::error_code)> done;
};

void incident_store::load(std::size_t chunk,
                          std::function<void(boost::system::error_code, loaded_state)> ready,
                          std::function<void(std::vector<stored_incident>)> incidents,
                          std::function<void(boost::system::error_code)> done) {
    auto state = std::make_shared<loaded_state>();
    // Where the seq stands: the replay log's highest (the log keeps the newest when it is
    // trimmed), the reservation, and the last seq of a clean stop.
    auto number = [](const redis_reply& r) {
        return r.type == redis_reply::kind::string ? std::strtoull(r.str.c_str(), nullptr, 10)
                                                   : 0ULL;
    };
    redis_.command({"GET", key("ws:seq")}, [this, state, number](auto ec, const redis_reply& r) {
        if (!checked(ec, r)) {
            state->reserved_seq = number(r);
            reserved_ = std::max<std::uint64_t>(reserved_, state->reserved_seq);
        }
    });
    redis_.command({"GET", key("ws:clean")}, [state, number](auto ec, const redis_reply& r) {
        if (!checked(ec, r)) {
            state->clean_seq = number(r);
        }
    });
    redis_.command({"XREVRANGE", replay_key_, "+", "-", "COUNT", "1"},
                   [state](auto ec, const redis_reply& r) {
                       if (!checked(ec, r) && !r.elements.empty() &&
                           !r.elements.front().elements.empty()) {
                           state->log_seq = seq_of_replay_id(r.elements.front().elements[0].str);
                       }
                   });
    // The replay log of earlier builds (a sorted set under another key): its memory back.
    redis_.command({"UNLINK", key("ws:log")}, [](auto ec, const redis_reply& r) {
        if (const auto failed = checked(ec, r)) {
            log()->warn("event=old_replay_log_kept reason=\"{}\"", failed.message());
        }
    });
    redis_.command({"HGETALL", key("zones")}, [state](auto ec, const redis_reply& r) {
        if (!checked(ec, r)) {
            state->zones = pairs_of(r);
        }
    });
    // Replies come in order on one connection, so the open list arrives after the two above.
    auto run = std::make_shared<load_run>();
    run->chunk = std::max<std::size_t>(chunk, 1);
    run->incidents = std::move(incidents);
    run->done = std::move(done);
    redis_.command({"ZRANGE", key("incidents:open"), "0", "-1"},
                   [this, state, run, ready = std::move(ready)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       if (!ec) {
                           run->ids = strings_of(r);
                           state->open_incidents = run->ids.size();
                       }
                       ready(ec, std::move(*state));
                       if (ec) {
                           run->done(ec);
                           return;
                       }
                       load_chunk(run);
                   });
}

// One chunk at a time: the loop serves everything else between two chunks.
void incident_store::load_chunk(std::shared_ptr<load_run> run) {
    if (run->next >= run->ids.size()) {
        run->done({});
        return;
    }
    const auto end = std::min(run->ids.size(), run->next + run->chunk);
    std::vector<std::string> ids(run->ids.begin() + static_cast<std::ptrdiff_t>(run->next),
                                 run->ids.begin() + static_cast<std::ptrdiff_t>(end));
    run->next = end;
    fetch_incidents(std::move(ids), [this, run](auto ec, std::vector<stored_incident> found) {
        if (ec) {
            run->done(ec);
            return;
        }
        run->incidents(std::move(found));
        load_chunk(run);
    });
}

// The heads and zones of the given incidents, pipelined; those not found are left out.
void incident_store::fetch_incidents(std::vector<std::string> ids, incidents_fn cb) {
    if (ids.empty()) {
        cb({}, {});
        return;
    }
    struct gather {
        std::vector<stored_incident> found;
        std::size_t pending = 0;
        boost::system::error_code ec;
        incidents_fn cb;
    };
    auto g = std::make_shared<gather>();
    g->found.resize(ids.size());
    g->pending = ids.size();
    g->cb = std::move(cb);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        redis_.command({"HGETALL", key("incident:" + ids[i])}, [g, i](auto ec, const redis_reply& r) {
            ec = checked(ec, r);
            if (ec) {
                g->ec = ec;
            } else {
                g->found[i] = stored_of(r);
            }
            if (--g->pending == 0) {
                std::erase_if(g->found, [](const stored_incident& s) { return s.head.empty(); });
                g->cb(g->ec, std::move(g->found));
            }
        });
    }
}

void incident_store::get_incident(
    const std::string& id, std::function<void(boost::system::error_code, stored_incident)> cb) {
    fetch_incidents({id}, [cb = std::move(cb)](auto ec, std::vector<stored_incident> found) {
        cb(ec, found.empty() ? stored_incident{} : std::move(found.front()));
    });
}

void incident_store::list_incidents(bool open_only, std::size_t limit, incidents_fn cb) {
    redis_.command({"ZREVRANGE", key(open_only ? "incidents:open" : "incidents:all"), "0",
                    std::to_string(static_cast<long long>(limit) - 1)},
                   [this, cb = std::move(cb)](auto ec, const redis_reply& r) mutable {
                       ec = checked(ec, r);
                       if (ec) {
                           cb(ec, {});
                           return;
                       }
                       fetch_incidents(strings_of(r), std::move(cb));
                   });
}

void incident_store::incident_events(
    const std::string& id, std::size_t start, std::size_t limit,
    std::function<void(boost::system::error_code, std::vector<std::string>)> cb) {
    redis_.command({"LRANGE", key("incident:" + id + ":events"), std::to_string(start),
                    std::to_string(start + limit - 1)},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       cb(ec, ec ? std::vector<std::string>{} : strings_of(r));
                   });
}

void incident_store::timeline(const std::string& incident_id, std::size_t from,
                              std::size_t limit,
                              std::function<void(boost::system::error_code, timeline_page)> cb) {
    const auto list = key("incident:" + incident_id + ":timeline");
    const auto last = limit == 0 ? from : from + limit - 1;
    // One transaction: the page and the count describe the same list.
    redis_.transaction(
        {{"LRANGE", list, std::to_string(from), std::to_string(last)}, {"LLEN", list}},
        [cb = std::move(cb), limit](auto ec, const redis_reply& r) {
            ec = checked(ec, r);
            timeline_page page;
            if (!ec && (r.elements.size() != 2 || r.elements[0].is_error() ||
                        r.elements[1].type != redis_reply::kind::integer)) {
                ec = boost::asio::error::make_error_code(boost::asio::error::invalid_argument);
            }
            if (!ec) {
                if (limit > 0) {
                    page.lines = strings_of(r.elements[0]);
                }
                page.total = static_cast<std::size_t>(std::max(r.elements[1].integer, 0LL));
            }
            cb(ec, std::move(page));
        });
}

}  // namespace alarmd::store
