// alarmctl: the operator's command line; everything but argv and the environment is in cli.cpp.
#include <cstdlib>
#include <fstream>
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

// The token from ALARMD_TOKEN_FILE (a file only its user can read, e.g. under systemd's
// credentials): its first line, without the line end.
std::optional<std::string> token_from_file(const std::string& path, std::string& why) {
    std::ifstream in(path);
    if (!in) {
        why = "cannot read ALARMD_TOKEN_FILE '" + path + "'";
        return std::nullopt;
    }
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.pop_back();
    }
    if (line.empty()) {
        why = "ALARMD_TOKEN_FILE '" + path + "' is empty";
        return std::nullopt;
    }
    return line;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    alarmd::ctl::environment env{env_var("ALARMD_URL"), env_var("ALARMD_TOKEN"),
                                 env_var("ALARMD_CACERT")};
    if (!env.token) {
        if (auto file = env_var("ALARMD_TOKEN_FILE")) {
            std::string why;
            env.token = token_from_file(*file, why);
            if (!env.token) {
                std::cerr << "alarmctl: " << why << '\n';
                return static_cast<int>(alarmd::ctl::exit_code::usage);
            }
        }
    }
    try {
        return static_cast<int>(alarmd::ctl::run(args, env, std::cout, std::cerr));
    } catch (const std::exception& e) {
        // Only a programmer error or out-of-memory gets here; say so instead of aborting.
        std::cerr << "alarmctl: internal error: " << e.what() << '\n';
        return static_cast<int>(alarmd::ctl::exit_code::failed);
    }
}
