#include "daemon/http/api.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <optional>
#include <utility>
#include <variant>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include "daemon/http/event_authority.hpp"
#include "daemon/http/origin_check.hpp"
#include "daemon/http/static_files.hpp"
#include "daemon/http/target.hpp"
#include "daemon/ingest/intercom/body.hpp"
#include "daemon/notify/ws_hub.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/pipeline/report.hpp"
#include "daemon/store/incident_store.hpp"
#include "daemon/sys/byte_stream.hpp"
#include "daemon/sys/log.hpp"
#include "daemon/sys/metrics.hpp"
#include "daemon/sys/token_book.hpp"
#include "daemon/wire/event_body.hpp"
#include "daemon/wire/lifecycle_body.hpp"
#include "daemon/wire/model_json.hpp"

namespace alarmd::http {
namespace json = boost::json;
namespace bhttp = boost::beast::http;

namespace {

const auto& log() {
    static auto l = sys::logger("http");
    return l;
}

constexpr std::size_t default_list_limit = 100;
constexpr std::size_t max_list_limit = 1000;

std::string error_body(std::string_view message, std::string_view field = {}) {
    json::object o{{"error", message}};
    if (!field.empty()) {
        o["field"] = field;
    }
    return json::serialize(o);
}

std::optional<std::size_t> parse_count(const std::string& s) {
    std::size_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc{} || p != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

std::size_t parse_limit(const std::string& s, std::size_t fallback,
                        std::size_t max = max_list_limit) {
    const auto v = parse_count(s);
    return v && *v > 0 ? std::min(*v, max) : fallback;
}

json::array parse_all(const std::vector<std::string>& texts) {
    json::array out;
    for (const auto& t : texts) {
        json::error_code ec;
        auto v = json::parse(t, ec);
        if (!ec) {
            out.push_back(std::move(v));
        }
    }
    return out;
}

// The part of a request that completes later (after Redis answered) runs inside this: an
// exception there (a stored value of an unexpected shape, say) is logged and answered 500, and
// the daemon serves on.
template <class Respond, class Fn>
auto guarded(Respond respond, Fn fn) {
    return [respond, fn = std::move(fn)](auto&&... args) mutable {
        try {
            fn(std::forward<decltype(args)>(args)...);
        } catch (const std::exception& e) {
            log()->error("event=request_failed reason=\"{}\"", e.what());
            respond(json_response(500, error_body("internal error")));
        }
    };
}

class api : public std::enable_shared_from_this<api> {
public:
    explicit api(api_deps d) : d_(std::move(d)) {}

    void handle(request&& req, respond_fn respond) {
        // Once: a handler that answered and then failed is not answered a second time.
        auto counted = [this, respond = std::move(respond),
                        answered = std::make_shared<bool>(false)](response res) {
            if (std::exchange(*answered, true)) {
                return;
            }
            d_.metrics.http.add(sys::labels({{"code", std::to_string(res.result_int())}}));
            respond(std::move(res));
        };
        const auto t = parse_target(req.target());
        const auto& seg = t.segments;
        const auto method = req.method();
        const bool get = method == bhttp::verb::get || method == bhttp::verb::head;

        if (seg.size() == 1 && seg[0] == "healthz") {
            return counted(get ? ok(R"({"status":"ok"})") : not_allowed());
        }
        if (seg.size() == 1 && seg[0] == "readyz") {
            if (!get) {
                return counted(not_allowed());
            }
            const bool up = d_.redis_up();
            const auto& p = d_.persistence;
            // Ready (200) as long as Redis is up: alarms are taken and stored. Whether what it
            // holds survives its restart, and whether each connection a receiver makes (the AMI
            // client) works, are shown beside; one that does not makes the status "degraded".
            json::object sources;
            bool all_up = true;
            for (const auto& h : d_.sources_health ? d_.sources_health()
                                                   : std::vector<sys::component_health>{}) {
                all_up = all_up && h.up;
                json::object s{{"state", h.up ? "up" : "down"}};
                if (!h.up) {
                    s["reason"] = h.detail;
                }
                sources[h.name] = std::move(s);
            }
            json::object body{{"status", up && all_up ? "ready" : "degraded"},
                              {"sources", std::move(sources)},
                              {"redis", up ? "up" : "down"},
                              {"durable", p.durable()},
                              {"persistence", json::object{{"appendonly", p.known ? json::value(p.appendonly) : nullptr},
                                                           {"appendfsync", p.known ? json::value(p.appendfsync) : nullptr}}}};
            return counted(json_response(up ? 200 : 503, json::serialize(body)));
        }
        if (seg.size() == 1 && seg[0] == "metrics") {
            if (!get) {
                return counted(not_allowed());
            }
            auto res = json_response(200, d_.metrics.render());
            res.set(bhttp::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
            return counted(std::move(res));
        }
        if (seg.empty() || (seg[0] != "v1" && seg[0] != "ws")) {
            // Every other path is the console's (its table is the whitelist), or nothing.
            if (const auto files = d_.console) {
                return counted(files->serve(req));
            }
            return counted(json_response(404, error_body("not found")));
        }
        if (seg[0] != "v1") {
            return counted(json_response(404, error_body("not found")));
        }
        if (seg.size() == 2 && seg[1] == "events") {
            if (method != bhttp::verb::post) {
                return counted(not_allowed());
            }
            return post_event(req, std::move(counted));
        }
        if (seg.size() >= 2 && seg[1] == "incidents") {
            return incidents(req, t, std::move(counted));
        }
        if (seg.size() == 2 && seg[1] == "zones") {
            if (!get) {
                return counted(not_allowed());
            }
            if (!any_token(req)) {
                return counted(unauthorized());
            }
            return counted(zones_list(t));
        }
        if (seg.size() == 2 && seg[1] == "buildings") {
            if (!get) {
                return counted(not_allowed());
            }
            if (!any_token(req)) {
                return counted(unauthorized());
            }
            return counted(buildings_list());
        }
        return counted(json_response(404, error_body("not found")));
    }

    // The request target may carry ?token=: it is never logged, here or anywhere.
    std::optional<response> upgrade(request& req, sys::byte_stream& stream) {
        const auto t = parse_target(req.target());
        if (t.segments.size() != 1 || t.segments[0] != "ws") {
            return json_response(404, error_body("not found"));
        }
        if (auto refusal = check_origin(req, stream)) {
            return refusal;
        }
        std::string token(sys::bearer_token(req[bhttp::field::authorization]));
        if (token.empty()) {
            token = t.param("token");
        }
        const auto* person = d_.tokens.person(token);
        if (person == nullptr) {
            log()->info("event=ws_refused reason=bad_token");
            return json_response(401, error_body("unauthorized: a person's token is required"));
        }
        d_.hub.accept(std::move(stream), std::move(req),
                      notify::ws_identity{person->id, person->name,
                                          config::to_string(person->person_role),
                                          person->token_sha256});
        return std::nullopt;
    }

private:
    static response ok(std::string body) { return json_response(200, std::move(body)); }

    // 403 for a browser page whose origin may not open the WebSocket (server.allowed_origins).
    std::optional<response> check_origin(const request& req, const sys::byte_stream& stream) {
        const auto it = req.find(bhttp::field::origin);
        std::optional<std::string_view> origin;
        if (it != req.end()) {
            origin = it->value();
        }
        if (origin_allowed(origin, req[bhttp::field::host], stream.is_tls(),
                           d_.cfg->server.allowed_origins)) {
            return std::nullopt;
        }
        const auto shown = printable(*origin);
        log()->warn("event=ws_refused reason=origin origin=\"{}\" peer={}", shown, stream.peer());
        return json_response(
            403, error_body("forbidden: origin '" + shown +
                            "' may not open the WebSocket (see server.allowed_origins)"));
    }
    // An incident whose stored JSON cannot be read back: said, logged, and nothing else breaks.
    static response unreadable(const std::string& id) {
        log()->error("event=stored_incident_unreadable incident={}", id);
        return json_response(500, error_body("incident '" + id + "' is stored in a form that "
                                             "cannot be read"));
    }
    static response not_allowed() {
        return json_response(405, error_body("method not allowed"));
    }
    static response unauthorized() {
        auto res = json_response(401, error_body("unauthorized: a valid bearer token is required"));
        res.set(bhttp::field::www_authenticate, "Bearer");
        return res;
    }

    bool any_token(const request& req) const {
        const auto holder =
            d_.tokens.holder_of(sys::bearer_token(req[bhttp::field::authorization]));
        return holder.person != nullptr || holder.source != nullptr;
    }

    template <class Respond>
    void post_event(const request& req, Respond respond) {
        const auto holder =
            d_.tokens.holder_of(sys::bearer_token(req[bhttp::field::authorization]));
        const auto* person = holder.person;
        const auto* source = person == nullptr ? holder.source : nullptr;  // a person's first
        if (person == nullptr && source == nullptr) {
            return respond(unauthorized());
        }
        auto doc = wire::parse_json_object(req.body());
        if (!doc) {
            return respond(bad_event(doc.error()));
        }
        core::event ev;
        if (ingest::is_intercom_body(*doc)) {
            auto message = ingest::parse_intercom_body(*doc);
            if (!message) {
                return respond(bad_event(message.error()));
            }
            if (const auto* hb = std::get_if<ingest::intercom_heartbeat>(&*message)) {
                return respond(heartbeat(hb->device, person, source));
            }
            ev = std::move(std::get<core::event>(*message));
        } else {
            auto parsed = wire::parse_event_fields(*doc);
            if (!parsed) {
                return respond(bad_event(parsed.error()));
            }
            ev = std::move(*parsed);
        }
        const auto* dev = d_.pipe.site().device(ev.device);
        if (dev == nullptr) {
            log()->info("event=event_rejected field=device reason=unknown_device device=\"{}\"",
                        ev.device);
            return respond(
                json_response(400, error_body("unknown device '" + ev.device + "'", "device")));
        }
        if (auto refusal = event_refusal(ev, person, source, *d_.cfg)) {
            log()->warn("event=event_refused device={} kind={} by={} reason=\"{}\"", ev.device,
                        core::to_string(ev.kind),
                        person != nullptr ? person->id : "source:" + source->name, *refusal);
            return respond(json_response(403, error_body(*refusal)));
        }
        ev.actor = person != nullptr ? person->id : "source:" + source->name;
        // The device's own gateway speaking is a sign of life; a person injecting an event is not.
        if (source != nullptr && d_.heard) {
            (void)d_.heard(*dev);
        }
        d_.pipe.site().locate(ev, *dev);
        ev.raw = core::escape_raw(req.body());
        d_.pipe.ingest(std::move(ev), guarded(respond, [respond](const pipeline::ingest_result& r) {
            json::object body{{"event_id", r.event_id},
                              {"incident_id", r.incident_id.empty() ? json::value(nullptr)
                                                                    : json::value(r.incident_id)},
                              {"verdict", core::to_string(r.what)},
                              {"durable", r.durable}};
            if (!r.reason.empty()) {
                body["reason"] = r.reason;
            }
            if (r.stored) {
                return respond(json_response(202, json::serialize(body)));
            }
            // Dispatched to guards from memory, but not stored: ask the sender to retry (the
            // retry is folded into the same incident as a duplicate).
            body["error"] = "not durable: the incident store is unavailable; retry later";
            auto res = json_response(503, json::serialize(body));
            res.set(bhttp::field::retry_after, "5");
            respond(std::move(res));
        }));
    }

    static response bad_event(const wire::field_error& e) {
        log()->info("event=event_rejected field={} reason=\"{}\"", e.field, e.message);
        return json_response(400, error_body(e.message, e.field));
    }

    // An intercom heartbeat: nothing stored, the device's supervision starts again.
    response heartbeat(const std::string& device, const config::person* person,
                       const config::http_source* source) {
        const auto* dev = d_.pipe.site().device(device);
        if (dev == nullptr) {
            log()->info("event=event_rejected field=device reason=unknown_device device=\"{}\"",
                        device);
            return json_response(400, error_body("unknown device '" + device + "'", "device"));
        }
        auto refusal = person != nullptr
                           ? std::optional<std::string>(
                                 "a heartbeat comes from the device's gateway (an "
                                 "ingest.http_sources token), not from a person")
                           : device_refusal(device, person, source);
        if (refusal) {
            log()->warn("event=event_refused device={} kind=heartbeat by={} reason=\"{}\"",
                        device, person != nullptr ? person->id : "source:" + source->name,
                        *refusal);
            return json_response(403, error_body(*refusal));
        }
        const bool supervised = d_.heard && d_.heard(*dev);
        return json_response(202, json::serialize(json::object{{"event_id", nullptr},
                                                               {"incident_id", nullptr},
                                                               {"verdict", "heartbeat"},
                                                               {"supervised", supervised}}));
    }

    template <class Respond>
    void incidents(const request& req, const target& t, Respond respond) {
        const auto& seg = t.segments;
        const auto method = req.method();
        if (seg.size() == 4 && method == bhttp::verb::post) {
            return lifecycle(req, seg[2], seg[3], std::move(respond));
        }
        if (method != bhttp::verb::get) {
            return respond(not_allowed());
        }
        if (!any_token(req)) {
            return respond(unauthorized());
        }
        if (seg.size() == 2) {
            return list(t, std::move(respond));
        }
        if (seg.size() == 3) {
            return show(seg[2], std::move(respond));
        }
        if (seg.size() == 4 && seg[3] == "events") {
            return events(seg[2], t, std::move(respond));
        }
        if (seg.size() == 4 && seg[3] == "zones") {
            return zones(seg[2], t, std::move(respond));
        }
        if (seg.size() == 4 && seg[3] == "report") {
            return report(seg[2], t, std::move(respond));
        }
        respond(json_response(404, error_body("not found")));
    }

    template <class Respond>
    void list(const target& t, Respond respond) {
        const auto state = t.param("state");
        const auto limit = parse_limit(t.param("limit"), default_list_limit);
        if (!state.empty() && state != "all" && !core::parse_incident_state(state)) {
            return respond(json_response(
                400, error_body("unknown state '" + state +
                                    "' (open, acknowledged, on_site, resolved, reviewed, all)",
                                "state")));
        }
        auto keep = [state](const json::value& v) {
            if (state.empty() || state == "all") {
                return true;
            }
            const auto& s = v.as_object().at("state").as_string();
            // "open" means not yet resolved: open, acknowledged or on_site.
            if (state == "open") {
                return s != "resolved" && s != "reviewed";
            }
            return s == state;
        };
        const bool from_memory = state == "open" || state == "acknowledged" || state == "on_site";
        if (from_memory) {
            // Open incidents from memory in queue order, a page at a time.
            auto page = d_.pipe.open_incidents(t.param("cursor"), limit, state);
            if (!page) {
                return respond(json_response(
                    400, error_body("not a cursor from a previous page", "cursor")));
            }
            json::object body{{"incidents", std::move(page->incidents)}};
            body["next_cursor"] = page->next_cursor.empty() ? json::value(nullptr)
                                                            : json::value(page->next_cursor);
            return respond(ok(json::serialize(body)));
        }
        d_.store.list_incidents(
            false, max_list_limit,
            guarded(respond, [keep, limit, respond](auto ec, std::vector<store::stored_incident> all) {
                if (ec) {
                    return respond(json_response(503, error_body("incident store unavailable")));
                }
                json::array out;
                for (const auto& stored : all) {
                    auto inc = wire::incident_from_stored(stored.head, stored.zones);
                    if (!inc) {
                        continue;
                    }
                    json::value v = wire::to_json(*inc);
                    if (keep(v) && out.size() < limit) {
                        out.push_back(std::move(v));
                    }
                }
                respond(ok(json::serialize(json::object{{"incidents", std::move(out)}})));
            }));
    }

    template <class Respond>
    void show(const std::string& id, Respond respond) {
        if (auto inc = d_.pipe.open_incident_json(id)) {
            return respond(ok(json::serialize(json::object{{"incident", std::move(*inc)}})));
        }
        with_stored(id, respond, [respond](const core::incident& inc) {
            respond(ok(json::serialize(json::object{{"incident", wire::to_json(inc)}})));
        });
    }

    // An incident that is not open here, read from Redis: 503, 404 and 500 (stored but
    // unreadable) are answered here, `fn` gets the incident otherwise.
    template <class Respond, class Fn>
    void with_stored(const std::string& id, Respond respond, Fn fn) {
        d_.store.get_incident(id, guarded(respond, [id, respond, fn](auto ec,
                                                                     store::stored_incident stored) {
            if (ec) {
                return respond(json_response(503, error_body("incident store unavailable")));
            }
            if (stored.head.empty()) {
                return respond(json_response(404, error_body("no incident '" + id + "'")));
            }
            auto inc = wire::incident_from_stored(stored.head, stored.zones);
            if (!inc) {
                return respond(unreadable(id));
            }
            fn(*inc);
        }));
    }

    // An incident's zones in key order ("device/zone"), a page at a time: `after` is the last
    // key of the previous page.
    template <class Respond>
    void zones(const std::string& id, const target& t, Respond respond) {
        const auto after = t.param("after");
        const auto limit = parse_limit(t.param("limit"), default_list_limit);
        auto answer = [id, limit](json::array zones) {
            json::object body{{"incident_id", id}, {"zones", std::move(zones)}};
            const auto& z = body.at("zones").as_array();
            body["next_after"] =
                z.size() < limit || z.empty()
                    ? json::value(nullptr)
                    : json::value(std::string(z.back().as_object().at("device").as_string()) +
                                  "/" + std::string(z.back().as_object().at("zone").as_string()));
            return ok(json::serialize(body));
        };
        if (auto open = d_.pipe.open_incident_zones(id, after, limit)) {
            return respond(answer(std::move(*open)));
        }
        with_stored(id, respond, [after, limit, answer, respond](const core::incident& inc) {
            respond(answer(wire::zones_page(inc, after, limit)));
        });
    }

    // Every zone record (armed ones too: who re-armed it and when) in key order, a page at a
    // time; `mode` keeps one mode.
    response zones_list(const target& t) const {
        const auto after = t.param("after");
        const auto mode = t.param("mode");
        if (!mode.empty() && !core::parse_zone_mode(mode)) {
            return json_response(400, error_body("mode: use armed, disarmed or bypassed", "mode"));
        }
        const auto limit = parse_limit(t.param("limit"), default_list_limit);
        auto zones = d_.pipe.zones_page(after, limit, mode);
        json::value next = nullptr;
        if (zones.size() == limit) {
            next = zones.back().as_object().at("key");
        }
        return ok(json::serialize(json::object{{"zones", std::move(zones)}, {"next_after", next}}));
    }

    // site.buildings as configured, so that a client can show names where incidents carry ids.
    response buildings_list() const {
        json::array buildings;
        for (const auto& b : d_.cfg->buildings) {
            json::object o{{"id", b.id}, {"name", b.name.empty() ? b.id : b.name}};
            o["floors"] = b.floors > 0 ? json::value(b.floors) : json::value(nullptr);
            buildings.emplace_back(std::move(o));
        }
        return ok(json::serialize(json::object{{"buildings", std::move(buildings)}}));
    }

    template <class Respond>
    void events(const std::string& id, const target& t, Respond respond) {
        const auto after = t.param("after");
        const auto limit = parse_limit(t.param("limit"), default_list_limit);
        // Events are kept in arrival order; read a bounded window and cut after `after`.
        d_.store.incident_events(
            id, 0, 10000, guarded(respond, [id, after, limit, respond](auto ec, std::vector<std::string> all) {
                if (ec) {
                    return respond(json_response(503, error_body("incident store unavailable")));
                }
                json::array out;
                bool started = after.empty();
                bool more = false;
                for (auto& v : parse_all(all)) {
                    if (!v.is_object()) {
                        continue;
                    }
                    if (!started) {
                        const auto* eid = v.as_object().if_contains("id");
                        started = eid != nullptr && eid->is_string() && eid->as_string() == after;
                        continue;
                    }
                    if (out.size() == limit) {
                        more = true;
                        break;
                    }
                    out.push_back(std::move(v));
                }
                // The next page starts after the last event of this one.
                json::value next = nullptr;
                if (more) {
                    next = out.back().as_object().at("id");
                }
                respond(ok(json::serialize(json::object{
                    {"incident_id", id}, {"events", std::move(out)}, {"next_after", next}})));
            }));
    }

    template <class Respond>
    void report(const std::string& id, const target& t, Respond respond) {
        const bool text = t.param("format") == "text";
        // A page of the timeline: lines [from, from + limit).
        const auto from_text = t.param("from");
        const auto from = from_text.empty() ? std::optional<std::size_t>(0) : parse_count(from_text);
        if (!from) {
            return respond(json_response(400, error_body("from: not a line number", "from")));
        }
        const auto limit = parse_limit(t.param("limit"), pipeline::timeline_page_default,
                                       pipeline::timeline_page_max);
        const auto cfg = d_.cfg;  // this request's config, whatever a reload does meanwhile
        pipeline::build_report(
            d_.pipe, d_.store, d_.stages, cfg, id, *from, limit,
            guarded(respond, [cfg, text, respond](std::optional<std::string> err, json::object r) {
                if (err) {
                    const bool missing = err->rfind("no incident", 0) == 0;
                    return respond(json_response(missing ? 404 : 503, error_body(*err)));
                }
                if (!text) {
                    return respond(ok(json::serialize(r)));
                }
                auto res = json_response(200, pipeline::report_text(r, *cfg));
                res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
                respond(std::move(res));
            }));
    }

    template <class Respond>
    void lifecycle(const request& req, const std::string& id, const std::string& step,
                   Respond respond) {
        auto action = core::parse_lifecycle_action(step);
        if (!action) {
            return respond(json_response(404, error_body("not found")));
        }
        const auto* person = d_.tokens.person(sys::bearer_token(req[bhttp::field::authorization]));
        if (person == nullptr) {
            return respond(unauthorized());
        }
        auto lr = wire::parse_lifecycle_body(*action, req.body(), person->id);
        if (!lr) {
            return respond(
                json_response(400, error_body(lr.error().message, lr.error().field)));
        }
        d_.pipe.act(id, std::move(*lr), guarded(respond, [respond](std::optional<std::string> err,
                                                                   json::object inc, bool durable) {
            if (err) {
                const unsigned status = err->rfind("no incident", 0) == 0 ? 404
                                        : err->rfind("forbidden", 0) == 0 ? 403
                                                                          : 409;
                return respond(json_response(status, error_body(*err)));
            }
            respond(ok(json::serialize(
                json::object{{"incident", std::move(inc)}, {"durable", durable}})));
        }));
    }

    api_deps d_;
};

}  // namespace

handlers make_api(api_deps deps) {
    auto a = std::make_shared<api>(std::move(deps));
    return handlers{
        [a](request&& req, respond_fn respond) { a->handle(std::move(req), std::move(respond)); },
        [a](request& req, sys::byte_stream& stream) { return a->upgrade(req, stream); },
    };
}

}  // namespace alarmd::http
