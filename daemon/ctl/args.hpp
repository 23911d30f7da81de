#pragma once
// alarmctl's command line, parsed into a plain struct. Pure: the environment comes in as a
// parameter and nothing is printed or sent, so every rule can be checked without a daemon.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/system/result.hpp>

#include "daemon/ctl/url.hpp"

namespace alarmd::ctl {

enum class command {
    none,
    status,
    incidents,
    show,
    ack,
    arrive,
    hold,
    review,
    resolve,
    inject,
    report,
    zones,
};

[[nodiscard]] std::string_view to_string(command c);
[[nodiscard]] std::optional<command> parse_command(std::string_view s);

inline constexpr std::string_view default_url = "http://127.0.0.1:8080";

// What the process environment supplies (ALARMD_URL, ALARMD_TOKEN or the contents of
// ALARMD_TOKEN_FILE, ALARMD_CACERT); nullopt when unset.
struct environment {
    std::optional<std::string> url;
    std::optional<std::string> token;
    std::optional<std::string> cacert;
};

struct options {
    command cmd = command::none;
    bool help = false;     // print the usage of cmd (or the top-level one) and exit 0
    bool version = false;  // print the release and exit 0
    bool json = false;  // print the server's JSON instead of the human form
    server_url url;
    std::string token;   // empty: no Authorization header
    std::string cacert;  // https://: the CA file (PEM) to check the server with; empty: the system's

    std::string id;  // show, ack, arrive, hold, review, resolve, report

    std::string state = "open";  // incidents: open means not yet resolved
    std::optional<unsigned> limit;

    std::string outcome;  // resolve: real, false_alarm or test
    std::optional<std::string> note;

    bool text = false;  // report: the readable form instead of JSON

    // inject: the event body's fields, named as in the API, in command-line order.
    std::vector<std::pair<std::string, std::string>> event_fields;
};

struct usage_error {
    command cmd = command::none;  // whose usage to show
    std::string message;
};

// args excludes argv[0].
[[nodiscard]] boost::system::result<options, usage_error> parse_args(
    std::span<const std::string> args, const environment& env);

}  // namespace alarmd::ctl
