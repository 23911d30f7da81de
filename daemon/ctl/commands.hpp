#pragma once
// Carries out one parsed command against the daemon: the requests, what their answers mean,
// and the exit code. Output goes to the given streams so tests can capture it.
#include <ostream>

#include "daemon/ctl/args.hpp"
#include "daemon/ctl/exit_code.hpp"
#include "daemon/ctl/http_client.hpp"

namespace alarmd::ctl {

// Results go to out; every error goes to err as one "alarmctl: …" line. The token is never
// printed.
[[nodiscard]] exit_code execute(const options& opts, http_client& client, std::ostream& out,
                                std::ostream& err);

}  // namespace alarmd::ctl
