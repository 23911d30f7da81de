#include "daemon/ctl/commands.hpp"

#include <optional>
#include <string>

#include <boost/json.hpp>

#include "daemon/ctl/format.hpp"
#include "daemon/ctl/incident_text.hpp"

namespace alarmd::ctl {
namespace json = boost::json;

namespace {

class runner {
public:
    runner(const options& opts, http_client& client, std::ostream& out, std::ostream& err)
        : opts_(opts), client_(client), out_(out), err_(err) {}

    exit_code run() {
        switch (opts_.cmd) {
            case command::status:
                return status();
            case command::incidents:
                return incidents();
            case command::show:
                return show();
            case command::ack:
            case command::arrive:
            case command::hold:
            case command::review:
            case command::resolve:
                return lifecycle();
            case command::inject:
                return inject();
            case command::report:
                return report();
            case command::zones:
                return zones();
            case command::none:
                break;
        }
        return exit_code::usage;
    }

private:
    // The request, or nullopt after printing why it failed; failed_ then holds the exit code.
    // Statuses in [ok_from, ok_to] are the caller's to read; anything else is reported here.
    std::optional<http_reply> request(bool post, const std::string& target, std::string body = {},
                                      unsigned ok_from = 200, unsigned ok_to = 299) {
        auto r = post ? client_.post(target, std::move(body)) : client_.get(target);
        if (!r) {
            if (r.error() == client_errc::answer_too_large) {
                err_ << "alarmctl: the answer of alarmd at " << client_.url().text
                     << " is too large\n";
                failed_ = exit_code::failed;
                return std::nullopt;
            }
            err_ << "alarmctl: cannot reach alarmd at " << client_.url().text << ": "
                 << r.error().message() << timeout_note(r.error()) << '\n';
            failed_ = exit_code::unreachable;
            return std::nullopt;
        }
        if (r->status >= ok_from && r->status <= ok_to) {
            return std::move(*r);
        }
        failed_ = http_failure(*r);
        return std::nullopt;
    }

    std::string timeout_note(const boost::system::error_code& ec) const {
        if (ec.category() != client_category()) {
            return {};
        }
        return " (" + std::to_string(client_.timeout().count() / 1000) + " s)";
    }

    // Prints the server's reason for a 4xx/5xx and picks the exit code.
    exit_code http_failure(const http_reply& r) {
        if (r.status == 401) {
            err_ << "alarmctl: "
                 << (client_.has_token() ? "the token was refused" : "no token was given")
                 << " (HTTP 401); set --token or ALARMD_TOKEN\n";
            return exit_code::unauthorized;
        }
        err_ << "alarmctl: " << server_error(r) << " (HTTP " << r.status << ")\n";
        return exit_code::failed;
    }

    // The `error` of an API error body, with the `field` it names; else the first line of
    // whatever came (a proxy's page), cut short.
    static std::string server_error(const http_reply& r) {
        json::error_code ec;
        auto v = json::parse(r.body, ec);
        if (!ec && v.is_object()) {
            const auto& o = v.as_object();
            auto message = text_of(o, "error");
            if (!message.empty()) {
                auto field = text_of(o, "field");
                return field.empty() ? message : field + ": " + message;
            }
        }
        auto line = r.body.substr(0, r.body.find('\n'));
        if (line.size() > 200) {
            line = line.substr(0, 200) + "…";
        }
        return line.empty() ? "request failed" : line;
    }

    // The answer as a JSON object, or nullopt after saying it was not one.
    std::optional<json::object> object_of(const http_reply& r) {
        json::error_code ec;
        auto v = json::parse(r.body, ec);
        if (ec || !v.is_object()) {
            err_ << "alarmctl: alarmd at " << client_.url().text
                 << " answered something that is not a JSON object (HTTP " << r.status << ")\n";
            failed_ = exit_code::failed;
            return std::nullopt;
        }
        return std::move(v.as_object());
    }

    void print_raw(const std::string& body) {
        out_ << body;
        if (body.empty() || body.back() != '\n') {
            out_ << '\n';
        }
    }

    std::string incident_target(std::string_view suffix = {}) const {
        return "/v1/incidents/" + url_encode(opts_.id) + std::string(suffix);
    }

    exit_code status() {
        auto health = request(false, "/healthz");
        if (!health) {
            return failed_;
        }
        // 503 is an answer here: degraded, with the reason in the body.
        auto ready = request(false, "/readyz", {}, 200, 503);
        if (!ready) {
            return failed_;
        }
        if (ready->status != 200 && ready->status != 503) {
            failed_ = http_failure(*ready);
            return failed_;
        }
        auto ready_body = object_of(*ready);
        if (!ready_body) {
            return failed_;
        }
        const bool is_ready = ready->status == 200;
        std::optional<std::size_t> open_count;
        if (client_.has_token()) {
            auto list = request(false, "/v1/incidents?state=open");
            if (!list) {
                return failed_;
            }
            auto body = object_of(*list);
            if (!body) {
                return failed_;
            }
            const auto* arr = body->if_contains("incidents");
            open_count = arr != nullptr && arr->is_array() ? arr->as_array().size() : 0;
        }
        if (opts_.json) {
            json::error_code ec;
            json::object combined{
                {"url", client_.url().text},
                {"health", json::parse(health->body, ec)},
                {"ready", *ready_body},
                {"open_incidents", open_count ? json::value(*open_count) : json::value(nullptr)}};
            out_ << json::serialize(combined) << '\n';
        } else {
            auto redis = text_of(*ready_body, "redis");
            out_ << "alarmd at " << client_.url().text << ": "
                 << (is_ready ? "up, redis " : "degraded: redis ")
                 << (redis.empty() ? "unknown" : redis) << ", ";
            if (open_count) {
                out_ << *open_count << (*open_count == 1 ? " open incident" : " open incidents");
            } else {
                out_ << "open incidents not counted (no token)";
            }
            out_ << '\n';
        }
        return is_ready ? exit_code::ok : exit_code::failed;
    }

    exit_code incidents() {
        std::string target = "/v1/incidents?state=" + url_encode(opts_.state);
        if (opts_.limit) {
            target += "&limit=" + std::to_string(*opts_.limit);
        }
        return list(target, "incidents", [this](const json::array& items) {
            print_incident_list(out_, items, opts_.state, buildings());
        });
    }

    // The site's building names. Best effort: a daemon that does not answer (an older one has no
    // /v1/buildings) leaves the ids on screen, and says nothing about it.
    building_names buildings() {
        building_names names;
        auto r = client_.get("/v1/buildings");
        if (!r || r->status != 200) {
            return names;
        }
        json::error_code ec;
        const auto body = json::parse(r->body, ec);
        const auto* list = !ec && body.is_object() ? body.as_object().if_contains("buildings")
                                                   : nullptr;
        if (list == nullptr || !list->is_array()) {
            return names;
        }
        for (const auto& b : list->as_array()) {
            if (b.is_object()) {
                names.emplace(text_of(b.as_object(), "id"), text_of(b.as_object(), "name"));
            }
        }
        return names;
    }

    // Zones out of service (disarmed, bypassed), the first page.
    exit_code zones() {
        return list("/v1/zones?limit=1000", "zones",
                    [this](const json::array& items) { print_zone_list(out_, items); });
    }

    // GETs a list; --json prints the answer as it came, else `print` gets its `member` array.
    template <class Print>
    exit_code list(const std::string& target, std::string_view member, Print print) {
        auto r = request(false, target);
        if (!r) {
            return failed_;
        }
        if (opts_.json) {
            print_raw(r->body);
            return exit_code::ok;
        }
        auto body = object_of(*r);
        if (!body) {
            return failed_;
        }
        const auto* arr = body->if_contains(member);
        print(arr != nullptr && arr->is_array() ? arr->as_array() : json::array{});
        return exit_code::ok;
    }

    // The `incident` member of an answer, or nullopt after saying it had none.
    std::optional<json::object> incident_of(const http_reply& r) {
        auto body = object_of(r);
        if (!body) {
            return std::nullopt;
        }
        const auto* inc = body->if_contains("incident");
        if (inc == nullptr || !inc->is_object()) {
            err_ << "alarmctl: the answer has no incident\n";
            failed_ = exit_code::failed;
            return std::nullopt;
        }
        return inc->as_object();
    }

    exit_code show() {
        auto r = request(false, incident_target());
        if (!r) {
            return failed_;
        }
        if (opts_.json) {
            print_raw(r->body);
            return exit_code::ok;
        }
        auto inc = incident_of(*r);
        if (!inc) {
            return failed_;
        }
        print_incident(out_, *inc, buildings());
        return exit_code::ok;
    }

    exit_code lifecycle() {
        const std::string step(to_string(opts_.cmd));  // the route is the command name
        json::object body;
        if (!opts_.outcome.empty()) {
            body["outcome"] = opts_.outcome;
        }
        if (opts_.note) {
            body["note"] = *opts_.note;
        }
        auto r = request(true, incident_target("/" + step),
                         body.empty() ? std::string{} : json::serialize(body));
        if (!r) {
            return failed_;
        }
        if (opts_.json) {
            print_raw(r->body);
            return exit_code::ok;
        }
        auto inc = incident_of(*r);
        if (!inc) {
            return failed_;
        }
        out_ << step_summary(opts_.cmd, *inc) << '\n';
        return exit_code::ok;
    }

    exit_code inject() {
        json::object event;
        for (const auto& [name, value] : opts_.event_fields) {
            event[name] = value;
        }
        // 503 still carries the event: the guards were alerted, only storing it failed.
        auto r = request(true, "/v1/events", json::serialize(event), 200, 503);
        if (!r) {
            return failed_;
        }
        if (r->status >= 300 && r->status != 503) {
            return http_failure(*r);
        }
        if (opts_.json) {
            print_raw(r->body);
        } else {
            auto body = object_of(*r);
            if (!body) {
                return failed_;
            }
            auto incident = text_of(*body, "incident_id");
            std::vector<std::pair<std::string, std::string>> fields{
                {"event", text_of(*body, "event_id")},
                {"incident", incident.empty() ? "none" : incident},
                {"verdict", text_of(*body, "verdict")},
            };
            if (auto reason = text_of(*body, "reason"); !reason.empty()) {
                fields.emplace_back("reason", reason);
            }
            print_fields(out_, fields);
        }
        if (r->status == 503) {
            return http_failure(*r);
        }
        return exit_code::ok;
    }

    exit_code report() {
        auto r = request(false, incident_target(opts_.text ? "/report?format=text" : "/report"));
        if (!r) {
            return failed_;
        }
        if (opts_.text || opts_.json) {
            print_raw(r->body);
            return exit_code::ok;
        }
        json::error_code ec;
        auto v = json::parse(r->body, ec);
        if (ec) {
            err_ << "alarmctl: the report is not JSON\n";
            return exit_code::failed;
        }
        out_ << pretty_json(v);
        return exit_code::ok;
    }

    const options& opts_;
    http_client& client_;
    std::ostream& out_;
    std::ostream& err_;
    exit_code failed_ = exit_code::failed;
};

}  // namespace

exit_code execute(const options& opts, http_client& client, std::ostream& out, std::ostream& err) {
    return runner(opts, client, out, err).run();
}

}  // namespace alarmd::ctl
