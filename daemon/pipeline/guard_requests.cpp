#include "daemon/pipeline/guard_requests.hpp"

#include <boost/json.hpp>

#include "daemon/core/incident_lifecycle.hpp"
#include "daemon/pipeline/pipeline.hpp"
#include "daemon/store/incident_store.hpp"
#include "daemon/wire/client_message.hpp"
#include "daemon/wire/lifecycle_body.hpp"

namespace alarmd::pipeline {
namespace json = boost::json;

namespace {


json::object error(std::string message) { return json::object{{"error", std::move(message)}}; }

std::string string_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string{};
}

void lifecycle(pipeline& pipe, const notify::ws_identity& who, core::lifecycle_action action,
               const json::object& req, const notify::json_reply& reply) {
    const auto id = string_field(req, "incident");
    if (id.empty()) {
        return reply(error("incident: required (the incident id)"));
    }
    auto lr = wire::parse_lifecycle_fields(action, req, who.person_id);
    if (!lr) {
        return reply(error(lr.error().field + ": " + lr.error().message));
    }
    pipe.act(id, std::move(*lr),
             [reply](std::optional<std::string> err, json::object inc, bool durable) {
        if (err) {
            return reply(error(std::move(*err)));
        }
        reply(json::object{{"incident", std::move(inc)}, {"durable", durable}});
    });
}

// A guard reports something seen on patrol: an operator event at the given location.
void report(pipeline& pipe, const notify::ws_identity& who, const json::object& req,
            const notify::json_reply& reply) {
    auto ev = wire::manual_report_event(req, who.person_id, who.name);
    if (!ev) {
        return reply(error(ev.error().field + ": " + ev.error().message));
    }
    pipe.ingest(std::move(*ev), [reply](const ingest_result& r) {
        reply(json::object{{"event_id", r.event_id},
                           {"incident_id", r.incident_id},
                           {"durable", r.durable}});
    });
}

}  // namespace

notify::ws_hooks make_guard_hooks(pipeline& pipe, store::incident_store& store,
                                  std::size_t hello_incidents) {
    notify::ws_hooks h;
    h.hello = [&pipe, hello_incidents](const notify::ws_identity&) {
        return pipe.queue_summary_text(hello_incidents);
    };
    h.when_ready = [&pipe](std::function<void()> fn) { pipe.when_settled(std::move(fn)); };
    h.request = [&pipe](const notify::ws_identity& who, const json::object& req,
                        notify::json_reply reply) {
        const auto type = string_field(req, "type");
        if (type == "report") {
            return report(pipe, who, req, reply);
        }
        if (auto action = core::parse_lifecycle_action(type)) {
            return lifecycle(pipe, who, *action, req, reply);
        }
        reply(error("unknown request type '" + type +
                    "' (ack, arrive, resolve, review, hold, report, resume)"));
    };
    h.published = [&store](std::uint64_t seq, std::shared_ptr<const std::string> message) {
        store.append_replay(seq, std::move(message));
    };
    h.replay = [&store](std::uint64_t after, std::uint64_t upto, std::size_t limit,
                        notify::replay_result done) {
        store.read_replay(after, upto, limit,
                          [done = std::move(done)](auto ec, store::incident_store::replay_page page) {
                              std::vector<notify::replay_entry> entries;
                              entries.reserve(page.size());
                              for (auto& [seq, message] : page) {
                                  entries.push_back({seq, std::move(message)});
                              }
                              done(!ec, std::move(entries));
                          });
    };
    return h;
}

}  // namespace alarmd::pipeline
