#include "daemon/sys/failpoint.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace alarmd::sys {
namespace {

struct armed_point {
    std::string name;  // empty: no failpoint armed
    long after = 0;    // kill at this pass
    long passes = 0;
};

armed_point read_environment() {
    armed_point p;
    const char* spec = std::getenv("ALARMD_FAILPOINT");
    if (spec == nullptr) {
        return p;
    }
    const std::string_view s(spec);
    const auto colon = s.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        return p;
    }
    p.after = std::strtol(std::string(s.substr(colon + 1)).c_str(), nullptr, 10);
    if (p.after > 0) {
        p.name = std::string(s.substr(0, colon));
    }
    return p;
}

}  // namespace

void failpoint(std::string_view name) {
    static armed_point point = read_environment();
    if (point.name.empty() || point.name != name || ++point.passes < point.after) {
        return;
    }
    // Straight to stderr (unbuffered, no logger): the test reads it after the process is gone.
    const std::string line = "event=failpoint name=" + point.name + " action=SIGKILL\n";
    (void)!::write(STDERR_FILENO, line.data(), line.size());
    ::kill(::getpid(), SIGKILL);
}

}  // namespace alarmd::sys
