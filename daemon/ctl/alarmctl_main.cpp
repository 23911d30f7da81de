// alarmctl: the operator's command line; everything but argv and the environment is in cli.cpp.
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "daemon/ctl/cli.hpp"

namespace {

std::optional<std::string> env_var(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') {
        return std::nullopt;
    }
    return std::string(v);
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    const alarmd::ctl::environment env{env_var("ALARMD_URL"), env_var("ALARMD_TOKEN")};
    try {
        return static_cast<int>(alarmd::ctl::run(args, env, std::cout, std::cerr));
    } catch (const std::exception& e) {
        // Only a programmer error or out-of-memory gets here; say so instead of aborting.
        std::cerr << "alarmctl: internal error: " << e.what() << '\n';
        return static_cast<int>(alarmd::ctl::exit_code::failed);
    }
}
