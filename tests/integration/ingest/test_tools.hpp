#pragma once
// The device simulators in tests/tools (dc09-send, gb26875-send), run as a user would.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace alarmd::test {

// Built next to the daemon: <build>/daemon/alarmd -> <build>/tests/tools/NAME.
inline std::string test_tool_path(const std::string& name) {
    return (std::filesystem::path(ALARMD_BINARY).parent_path().parent_path() / "tests" / "tools" /
            name)
        .string();
}

// Runs `command` through the shell; its standard output in `output`, its exit status returned
// (-1 when it did not exit).
inline int run_tool(const std::string& command, std::string& output) {
    output.clear();
    FILE* f = ::popen(command.c_str(), "r");
    if (f == nullptr) {
        return -1;
    }
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), buf.size(), f) != nullptr) {
        output += buf.data();
    }
    const int status = ::pclose(f);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace alarmd::test
