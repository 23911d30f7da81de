#pragma once
// alarmctl's exit codes, one per kind of failure, so scripts can tell "alarmd is down" from
// "the token is wrong" from "the request was refused" without parsing the message.

namespace alarmd::ctl {

enum class exit_code : int {
    ok = 0,
    failed = 1,        // the daemon answered with an error, or is degraded (status)
    usage = 2,         // bad command line; nothing was sent
    unreachable = 3,   // no connection, or no answer within the timeout
    unauthorized = 4,  // HTTP 401: the token is missing or wrong
};

}  // namespace alarmd::ctl
