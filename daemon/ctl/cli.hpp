#pragma once
// alarmctl from argv to exit code: parse, print help or a usage error, or run the command.
// main() only gathers argv and the environment, so this is callable from a test.
#include <ostream>
#include <span>
#include <string>

#include "daemon/ctl/args.hpp"
#include "daemon/ctl/exit_code.hpp"

namespace alarmd::ctl {

// args excludes argv[0].
[[nodiscard]] exit_code run(std::span<const std::string> args, const environment& env,
                            std::ostream& out, std::ostream& err);

}  // namespace alarmd::ctl
