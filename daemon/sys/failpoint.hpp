#pragma once
// Crash points for the fault tests: with ALARMD_FAILPOINT="NAME:N" in the environment the process
// kills itself with SIGKILL (as kill -9 or a power cut would) the Nth time it passes the point
// named NAME. Without the variable a pass costs one comparison. Points: `stage_claimed` (a stage
// was claimed in Redis and nothing delivered yet), `sms_accepted` (a gateway took an SMS, its
// result not yet recorded), and the ones named where they are.
#include <string_view>

namespace alarmd::sys {

void failpoint(std::string_view name);

}  // namespace alarmd::sys
