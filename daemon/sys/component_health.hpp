#pragma once
// Whether a part that talks to the outside on its own (the Asterisk manager client) is working,
// for /readyz: shown beside Redis, and the reason when it is not.
#include <string>

namespace alarmd::sys {

struct component_health {
    std::string name;  // "ami"
    bool up = false;
    std::string detail;  // why it is down; empty when up
};

}  // namespace alarmd::sys
