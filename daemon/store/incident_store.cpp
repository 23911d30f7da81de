#include "daemon/store/incident_store.hpp"

#include "daemon/store/reply_checks.hpp"

namespace alarmd::store {
incident_store::incident_store(redis_client& redis, std::string prefix, std::size_t events_maxlen,
                               std::size_t replay_maxlen)
    : redis_(redis),
      prefix_(std::move(prefix)),
      events_maxlen_(events_maxlen),
      replay_maxlen_(replay_maxlen) {}

std::string incident_store::key(std::string_view suffix) const {
    std::string k = prefix_;
    k.append(suffix);
    return k;
}

void incident_store::add_incident(std::vector<redis_command>& cmds, const incident_write& w) const {
    const auto hkey = key("incident:" + w.id);
    const auto score = std::to_string(w.opened_ms);
    cmds.push_back({"HSET", hkey, "json", w.json, "state", w.state, "category", w.category,
                    "building", w.building});
    cmds.push_back({"ZADD", key("incidents:all"), score, w.id});
    if (w.open) {
        cmds.push_back({"ZADD", key("incidents:open"), score, w.id});
    } else {
        cmds.push_back({"ZREM", key("incidents:open"), w.id});
    }
    if (!w.timeline.empty()) {
        redis_command push{"RPUSH", hkey + ":timeline"};
        push.insert(push.end(), w.timeline.begin(), w.timeline.end());
        cmds.push_back(std::move(push));
    }
}

void incident_store::write_event(const event_write& w, done_fn done) {
    std::vector<redis_command> cmds;
    cmds.push_back({"XADD", key("events"), "MAXLEN", "~", std::to_string(events_maxlen_), "*",
                    "id", w.event_id, "incident", w.incident_id, "verdict", w.verdict, "json",
                    w.event_json});
    if (!w.incident_id.empty()) {
        cmds.push_back({"RPUSH", key("incident:" + w.incident_id + ":events"), w.event_json});
    }
    if (w.incident) {
        add_incident(cmds, *w.incident);
    }
    if (!w.zone_key.empty()) {
        cmds.push_back({"HSET", key("zones"), w.zone_key, w.zone_json});
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

void incident_store::write_zone(const std::string& zone_key, const std::string& json,
                                done_fn done) {
    redis_.command({"HSET", key("zones"), zone_key, json},
                   [done = std::move(done)](auto ec, const redis_reply& r) {
                       if (done) {
                           done(checked(ec, r));
                       }
                   });
}

void incident_store::append_replay(std::uint64_t seq, const std::string& message) {
    const auto s = std::to_string(seq);
    redis_.command({"ZADD", key("ws:log"), s, message});
    redis_.command({"SET", key("ws:seq"), s});
    // Trimming every message would double the writes; every 256th keeps the log near its cap.
    if (seq % 256 == 0) {
        redis_.command({"ZREMRANGEBYRANK", key("ws:log"), "0",
                        std::to_string(-static_cast<long long>(replay_maxlen_) - 1)});
    }
}

void incident_store::read_replay(
    std::uint64_t after_seq, std::uint64_t upto_seq, std::size_t limit,
    std::function<void(boost::system::error_code, std::vector<std::string>)> cb) {
    redis_.command({"ZRANGEBYSCORE", key("ws:log"), "(" + std::to_string(after_seq),
                    std::to_string(upto_seq),
                    "LIMIT", "0", std::to_string(limit)},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       cb(ec, ec ? std::vector<std::string>{} : strings_of(r));
                   });
}

void incident_store::load(std::function<void(boost::system::error_code, loaded_state)> cb) {
    auto state = std::make_shared<loaded_state>();
    auto shared_cb = std::make_shared<decltype(cb)>(std::move(cb));
    redis_.command({"GET", key("ws:seq")}, [state](auto ec, const redis_reply& r) {
        if (!ec && r.type == redis_reply::kind::string) {
            state->last_seq = std::strtoull(r.str.c_str(), nullptr, 10);
        }
    });
    redis_.command({"HGETALL", key("zones")}, [state](auto ec, const redis_reply& r) {
        if (!ec && r.type == redis_reply::kind::array) {
            for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
                state->zones.emplace_back(r.elements[i].str, r.elements[i + 1].str);
            }
        }
    });
    // Replies come in order on one connection, so the open list arrives after the two above.
    redis_.command({"ZRANGE", key("incidents:open"), "0", "-1"},
                   [this, state, shared_cb](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       if (ec) {
                           (*shared_cb)(ec, {});
                           return;
                       }
                       fetch_jsons(strings_of(r), [state, shared_cb](auto ec2, auto jsons) {
                           state->open_incidents = std::move(jsons);
                           (*shared_cb)(ec2, std::move(*state));
                       });
                   });
}

void incident_store::fetch_jsons(
    std::vector<std::string> ids,
    std::function<void(boost::system::error_code, std::vector<std::string>)> cb) {
    if (ids.empty()) {
        cb({}, {});
        return;
    }
    struct gather {
        std::vector<std::string> jsons;
        std::size_t pending = 0;
        boost::system::error_code ec;
        std::function<void(boost::system::error_code, std::vector<std::string>)> cb;
    };
    auto g = std::make_shared<gather>();
    g->jsons.resize(ids.size());
    g->pending = ids.size();
    g->cb = std::move(cb);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        redis_.command({"HGET", key("incident:" + ids[i]), "json"},
                       [g, i](auto ec, const redis_reply& r) {
                           ec = checked(ec, r);
                           if (ec) {
                               g->ec = ec;
                           } else if (r.type == redis_reply::kind::string) {
                               g->jsons[i] = r.str;
                           }
                           if (--g->pending == 0) {
                               std::erase(g->jsons, std::string{});
                               g->cb(g->ec, std::move(g->jsons));
                           }
                       });
    }
}

void incident_store::get_incident(
    const std::string& id, std::function<void(boost::system::error_code, std::string)> cb) {
    redis_.command({"HGET", key("incident:" + id), "json"},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       cb(ec, !ec && r.type == redis_reply::kind::string ? r.str : std::string{});
                   });
}

void incident_store::list_incidents(
    bool open_only, std::size_t limit,
    std::function<void(boost::system::error_code, std::vector<std::string>)> cb) {
    redis_.command({"ZREVRANGE", key(open_only ? "incidents:open" : "incidents:all"), "0",
                    std::to_string(static_cast<long long>(limit) - 1)},
                   [this, cb = std::move(cb)](auto ec, const redis_reply& r) mutable {
                       ec = checked(ec, r);
                       if (ec) {
                           cb(ec, {});
                           return;
                       }
                       fetch_jsons(strings_of(r), std::move(cb));
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

void incident_store::timeline(
    const std::string& incident_id,
    std::function<void(boost::system::error_code, std::vector<std::string>)> cb) {
    redis_.command({"LRANGE", key("incident:" + incident_id + ":timeline"), "0", "-1"},
                   [cb = std::move(cb)](auto ec, const redis_reply& r) {
                       ec = checked(ec, r);
                       cb(ec, ec ? std::vector<std::string>{} : strings_of(r));
                   });
}

}  // namespace alarmd::store
