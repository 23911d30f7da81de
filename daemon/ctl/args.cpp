#include "daemon/ctl/args.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace alarmd::ctl {
namespace {

struct command_name {
    command cmd;
    std::string_view name;
};

constexpr std::array<command_name, 11> command_names{{
    {command::status, "status"},
    {command::incidents, "incidents"},
    {command::show, "show"},
    {command::ack, "ack"},
    {command::arrive, "arrive"},
    {command::hold, "hold"},
    {command::resolve, "resolve"},
    {command::review, "review"},
    {command::inject, "inject"},
    {command::report, "report"},
    {command::zones, "zones"},
}};

// A command's own options. Whether one takes a value depends on the command (--text is the
// event text for inject but a switch for report), so they are only looked up after the command.
struct flag {
    std::string_view name;
    bool takes_value;
};

constexpr std::array<flag, 2> incidents_flags{{{"state", true}, {"limit", true}}};
constexpr std::array<flag, 2> resolve_flags{{{"outcome", true}, {"note", true}}};
constexpr std::array<flag, 1> review_flags{{{"note", true}}};
constexpr std::array<flag, 1> report_flags{{{"text", false}}};
constexpr std::array<flag, 7> inject_flags{{{"device", true},
                                            {"category", true},
                                            {"zone", true},
                                            {"code", true},
                                            {"kind", true},
                                            {"text", true},
                                            {"source", true}}};

std::span<const flag> flags_of(command c) {
    switch (c) {
        case command::incidents:
            return incidents_flags;
        case command::resolve:
            return resolve_flags;
        case command::review:
            return review_flags;
        case command::report:
            return report_flags;
        case command::inject:
            return inject_flags;
        default:
            return {};
    }
}

constexpr std::array<std::string_view, 6> states{"open",     "acknowledged", "on_site",
                                                 "resolved", "reviewed",     "all"};
constexpr std::array<std::string_view, 3> outcomes{"real", "false_alarm", "test"};

bool takes_id(command c) {
    switch (c) {
        case command::show:
        case command::ack:
        case command::arrive:
        case command::hold:
        case command::review:
        case command::resolve:
        case command::report:
            return true;
        default:
            return false;
    }
}

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& names, std::string_view s) {
    return std::find(names.begin(), names.end(), s) != names.end();
}

// What the scan of argv found, before the per-command checks.
struct scanned {
    command cmd = command::none;
    bool help = false;
    bool json = false;
    bool version = false;
    std::optional<std::string> url;
    std::optional<std::string> token;
    std::optional<std::string> cacert;
    std::vector<std::string> positionals;
    std::vector<std::pair<std::string, std::string>> flags;  // the command's, in order given
    std::optional<usage_error> error;                        // the first one
};

std::optional<std::string> last_flag(const scanned& s, std::string_view name) {
    std::optional<std::string> value;
    for (const auto& [k, v] : s.flags) {
        if (k == name) {
            value = v;
        }
    }
    return value;
}

usage_error fail(command c, std::string message) {
    return usage_error{c, std::move(message)};
}

// Walks argv once. Global options are taken anywhere; a command's options only after it.
// Errors other than an unknown command are kept, not returned, so that a --help further on
// still wins.
boost::system::result<scanned, usage_error> scan(std::span<const std::string> args) {
    scanned s;
    bool have_cmd = false;
    bool help_word = false;  // `alarmctl help [CMD]`
    bool only_positionals = false;
    auto keep = [&s](std::string message) {
        if (!s.error) {
            s.error = fail(s.cmd, std::move(message));
        }
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const bool is_option = !only_positionals && a.size() > 1 && a.starts_with('-');
        if (!is_option) {
            if (!have_cmd) {
                if (a == "help" && !help_word) {
                    help_word = true;
                    s.help = true;
                    continue;
                }
                auto c = parse_command(a);
                if (!c) {
                    // After a mistyped option this word is likely its value (a token, even):
                    // report the option instead of echoing the word.
                    if (s.error) {
                        return *s.error;
                    }
                    return fail(command::none, "unknown command '" + a + "'");
                }
                s.cmd = *c;
                have_cmd = true;
            } else {
                s.positionals.push_back(a);
            }
            continue;
        }
        if (a == "--") {
            only_positionals = true;
            continue;
        }
        if (a == "-h") {
            s.help = true;
            continue;
        }
        if (!a.starts_with("--")) {
            keep("unknown option '" + a + "'");
            continue;
        }
        const auto eq = a.find('=');
        const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
        std::optional<std::string> inline_value;
        if (eq != std::string::npos) {
            inline_value = a.substr(eq + 1);
        }
        auto value = [&]() -> std::optional<std::string> {
            if (inline_value) {
                return inline_value;
            }
            if (i + 1 < args.size()) {
                return args[++i];
            }
            keep("option --" + name + " needs a value");
            return std::nullopt;
        };
        if (name == "help" || name == "json" || name == "version") {
            if (inline_value) {
                keep("option --" + name + " takes no value");
            }
            (name == "help" ? s.help : name == "json" ? s.json : s.version) = true;
            continue;
        }
        if (name == "url" || name == "token" || name == "cacert") {
            if (auto v = value()) {
                (name == "url" ? s.url : name == "token" ? s.token : s.cacert) = std::move(*v);
            }
            continue;
        }
        const auto own = flags_of(s.cmd);
        const auto f =
            std::find_if(own.begin(), own.end(), [&name](const flag& x) { return x.name == name; });
        if (f == own.end()) {
            keep(have_cmd ? "unknown option --" + name + " for " + std::string(to_string(s.cmd))
                          : "unknown option --" + name + " (command options go after the command)");
            continue;
        }
        if (!f->takes_value) {
            if (inline_value) {
                keep("option --" + name + " takes no value");
            }
            s.flags.emplace_back(name, "");
            continue;
        }
        if (auto v = value()) {
            s.flags.emplace_back(name, std::move(*v));
        }
    }
    return s;
}

}  // namespace

std::string_view to_string(command c) {
    for (const auto& n : command_names) {
        if (n.cmd == c) {
            return n.name;
        }
    }
    return "";
}

std::optional<command> parse_command(std::string_view s) {
    for (const auto& n : command_names) {
        if (n.name == s) {
            return n.cmd;
        }
    }
    return std::nullopt;
}

boost::system::result<options, usage_error> parse_args(std::span<const std::string> args,
                                                       const environment& env) {
    auto scanned_args = scan(args);
    if (!scanned_args) {
        return scanned_args.error();
    }
    auto& s = *scanned_args;
    options o;
    o.cmd = s.cmd;
    o.json = s.json;
    if (s.version && !s.help) {
        o.version = true;
        return o;
    }
    if (s.help) {
        // Help needs neither a valid URL nor complete arguments: it is how one learns them.
        o.help = true;
        return o;
    }
    if (s.error) {
        return *s.error;
    }
    const command c = s.cmd;
    if (c == command::none) {
        return fail(c, "no command given");
    }

    const bool url_from_flag = s.url.has_value();
    const std::string url_text = s.url ? *s.url : env.url ? *env.url : std::string(default_url);
    auto url = parse_server_url(url_text);
    if (!url) {
        return fail(c, std::string(url_from_flag ? "--url"
                                   : env.url     ? "ALARMD_URL"
                                                 : "url") +
                           ": " + url.error());
    }
    o.url = std::move(*url);
    o.token = s.token ? *s.token : env.token.value_or("");
    o.cacert = s.cacert ? *s.cacert : env.cacert.value_or("");

    if (takes_id(c)) {
        if (s.positionals.empty()) {
            return fail(c, std::string(to_string(c)) + " needs an incident ID");
        }
        o.id = s.positionals.front();
        if (o.id.empty()) {
            return fail(c, "the incident ID is empty");
        }
    }
    const std::size_t allowed = takes_id(c) ? 1 : 0;
    if (s.positionals.size() > allowed) {
        return fail(c, "unexpected argument '" + s.positionals[allowed] + "'");
    }

    switch (c) {
        case command::incidents: {
            if (auto st = last_flag(s, "state")) {
                if (!one_of(states, *st)) {
                    return fail(c,
                                "--state must be one of open, acknowledged, on_site, "
                                "resolved, reviewed, all");
                }
                o.state = *st;
            }
            if (auto lim = last_flag(s, "limit")) {
                unsigned n = 0;
                const auto* end = lim->data() + lim->size();
                auto [ptr, ec] = std::from_chars(lim->data(), end, n);
                if (lim->empty() || ec != std::errc{} || ptr != end || n == 0) {
                    return fail(c, "--limit must be a positive number");
                }
                o.limit = n;
            }
            break;
        }
        case command::resolve: {
            auto out = last_flag(s, "outcome");
            if (!out) {
                return fail(c, "resolve needs --outcome real|false_alarm|test");
            }
            if (!one_of(outcomes, *out)) {
                return fail(c, "--outcome must be real, false_alarm or test");
            }
            o.outcome = *out;
            o.note = last_flag(s, "note");
            break;
        }
        case command::review:
            o.note = last_flag(s, "note");
            break;
        case command::report:
            o.text = last_flag(s, "text").has_value();
            break;
        case command::inject: {
            for (const auto& [flag_name, value] : s.flags) {
                const auto& name = flag_name;  // clang 14 cannot capture a structured binding
                auto it = std::find_if(o.event_fields.begin(), o.event_fields.end(),
                                       [&name](const auto& f) { return f.first == name; });
                if (it != o.event_fields.end()) {
                    it->second = value;
                } else {
                    o.event_fields.emplace_back(name, value);
                }
            }
            for (std::string_view required : {"device", "category"}) {
                auto v = last_flag(s, required);
                if (!v || v->empty()) {
                    return fail(c, "inject needs --" + std::string(required));
                }
            }
            break;
        }
        default:
            break;
    }
    return o;
}

}  // namespace alarmd::ctl
