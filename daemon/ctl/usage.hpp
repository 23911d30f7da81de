#pragma once
// The --help texts: the top-level one (command::none) and one per command.
#include <string>

#include "daemon/ctl/args.hpp"

namespace alarmd::ctl {

[[nodiscard]] std::string usage(command c);

}  // namespace alarmd::ctl
