#pragma once
// One receiver of device events (SIA DC-09, GB/T 26875.3, the Asterisk hotline, ...), as app/
// sees it: built from the config, started, reloaded and stopped, and able to say what it listens
// on and whether the connections it makes work. app/ keeps a list of them and knows nothing of
// their protocols.
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/config/config.hpp"
#include "daemon/sys/component_health.hpp"

namespace alarmd::ingest {

struct listening {
    std::string what;  // "sia.tcp", "sia.udp", "gb26875.tcp"
    std::uint16_t port = 0;
};

class source {
public:
    virtual ~source() = default;

    // Binds its listeners (throws std::runtime_error naming the address when one cannot bind)
    // and starts supervising its devices.
    virtual void start() = 0;
    // A new config (SIGHUP): devices, keys and intervals; listen addresses need a restart.
    virtual void reload(config::snapshot cfg) = 0;
    // Stops accepting; answers still due are sent.
    virtual void stop() = 0;
    [[nodiscard]] virtual std::vector<listening> listening_on() const = 0;
    // Connections it makes itself (a client, not a listener) and whether they work.
    [[nodiscard]] virtual std::vector<sys::component_health> health() const { return {}; }
};

}  // namespace alarmd::ingest
