#include "daemon/ctl/usage.hpp"

namespace alarmd::ctl {
namespace {

constexpr const char* global_options =
    "global options (before or after the command):\n"
    "  --url URL       alarmd's address, http:// or https://; default $ALARMD_URL, else\n"
    "                  http://127.0.0.1:8080\n"
    "  --token TOKEN   bearer token; default $ALARMD_TOKEN, else the contents of the file\n"
    "                  $ALARMD_TOKEN_FILE. Prefer those: a token on the command line is\n"
    "                  visible to other users in ps\n"
    "  --cacert FILE   https://: the CA certificate(s) (PEM) to check alarmd's certificate\n"
    "                  with; default $ALARMD_CACERT, else the system's CAs\n"
    "  --json          print the server's JSON answer instead of the readable form\n"
    "  --help          this help\n"
    "  --version       print alarmctl's release and exit\n";

constexpr const char* exit_codes =
    "exit codes: 0 ok, 1 the request failed (or alarmd is degraded, for status), 2 usage\n"
    "error (nothing sent), 3 alarmd unreachable or not answering in 5 s, 4 token refused\n";

std::string top_level() {
    return std::string(
               "usage: alarmctl [--url URL] [--token TOKEN] [--json] COMMAND [ARGS]\n"
               "\n"
               "The operator's command line for alarmd; it talks to a running daemon over its\n"
               "HTTP API.\n"
               "\n"
               "commands:\n"
               "  status                        is alarmd up, is Redis up, open incidents\n"
               "  incidents [--state S] [--limit N]\n"
               "                                list incidents (open ones by default)\n"
               "  show ID                       one incident in detail\n"
               "  ack ID                        acknowledge an incident\n"
               "  arrive ID                     record a guard on site\n"
               "  hold ID                       hold the resident notice\n"
               "  resolve ID --outcome O [--note N]\n"
               "                                resolve: O is real, false_alarm or test\n"
               "  review ID [--note N]          review a resolved incident\n"
               "  inject --device D --category C [--zone Z] [--code X] [--kind K] [--text T]\n"
               "         [--source S]           send a test event\n"
               "  report ID [--text]            the special-event report of an incident\n"
               "  zones                         zones disarmed or bypassed, by whom, until when\n"
               "\n") +
           global_options + "\n" + exit_codes +
           "\n`alarmctl COMMAND --help` shows one command's usage.\n";
}

std::string for_command(command c) {
    switch (c) {
        case command::status:
            return "usage: alarmctl status\n\n"
                   "Asks /healthz, /readyz and the open incidents, and prints e.g.\n"
                   "  alarmd at http://127.0.0.1:8080: up, redis up, 2 open incidents\n"
                   "Exits 0 when alarmd is ready, 1 when it is degraded (Redis down).\n"
                   "Without a token the open incidents are not counted.\n";
        case command::incidents:
            return "usage: alarmctl incidents [--state S] [--limit N]\n\n"
                   "Lists incidents as a table: ID, STATE, CATEGORY, BUILDING, OPENED, EVENTS,\n"
                   "TITLE.\n"
                   "  --state S   open (default: not yet resolved), acknowledged, on_site,\n"
                   "              resolved, reviewed or all (newest first)\n"
                   "  --limit N   at most N incidents\n";
        case command::show:
            return "usage: alarmctl show ID\n\n"
                   "Prints one incident: state, location, zones, and who acknowledged, arrived,\n"
                   "resolved, reviewed or held it.\n";
        case command::ack:
            return "usage: alarmctl ack ID\n\nAcknowledges an open incident as the token's "
                   "person.\n";
        case command::arrive:
            return "usage: alarmctl arrive ID\n\nRecords that the token's person is on site "
                   "(this also\nacknowledges the incident).\n";
        case command::hold:
            return "usage: alarmctl hold ID\n\nHolds the resident notice of an open incident.\n";
        case command::resolve:
            return "usage: alarmctl resolve ID --outcome real|false_alarm|test [--note N]\n\n"
                   "Resolves an incident; --outcome is required.\n"
                   "  --outcome O   real, false_alarm or test\n"
                   "  --note N      what happened, kept with the incident\n";
        case command::review:
            return "usage: alarmctl review ID [--note N]\n\n"
                   "Marks a resolved incident reviewed.\n"
                   "  --note N   added to the incident's note\n";
        case command::inject:
            return "usage: alarmctl inject --device D --category C [--zone Z] [--code X]\n"
                   "                        [--kind K] [--text T] [--source S]\n\n"
                   "Sends an event as POST /v1/events, like an integration would, and prints\n"
                   "the event id, the incident id and the verdict. It is a real event: guards\n"
                   "are alerted. Use --category test or --kind test for a drill that is only\n"
                   "recorded.\n"
                   "  --device D     a configured device id (required)\n"
                   "  --category C   fire, perimeter, intrusion, panic, door, ..., test "
                   "(required)\n"
                   "  --zone Z       the device's zone\n"
                   "  --code X       the sender's event code\n"
                   "  --kind K       alarm (default), restore, fault, status, test, ...\n"
                   "  --text T       free text\n"
                   "  --source S     http (default), intercom, hotline, ...\n"
                   "Exits 1 when alarmd alerted the guards but could not store the event\n"
                   "(HTTP 503).\n";
        case command::report:
            return "usage: alarmctl report ID [--text]\n\n"
                   "Prints the special-event report of an incident: its timeline,\n"
                   "notification stages and SLA checks, as indented JSON.\n"
                   "  --text   the readable text form instead\n";
        case command::zones:
            return "usage: alarmctl zones\n\n"
                   "Lists the zones that are disarmed or bypassed as a table: ZONE\n"
                   "(device/zone, device/* for a whole panel), MODE, BY, SINCE, UNTIL (when a\n"
                   "bypass re-arms itself), REASON.\n";
        case command::none:
            break;
    }
    return top_level();
}

}  // namespace

std::string usage(command c) {
    if (c == command::none) {
        return top_level();
    }
    return for_command(c) + "\n" + global_options;
}

}  // namespace alarmd::ctl
