#pragma once
// The HTTP API (SPEC.md "Interfaces"): health, readiness, metrics, event ingest, incidents and
// lifecycle steps, the /ws upgrade, and the guard console's files at every other path.
// Authentication by bearer token on every /v1 route.
#include <functional>
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/http/http_server.hpp"
#include "daemon/store/redis_persistence.hpp"
#include "daemon/sys/component_health.hpp"

namespace alarmd::pipeline {
class pipeline;
}
namespace alarmd::store {
class incident_store;
class stage_store;
}
namespace alarmd::notify {
class ws_hub;
}
namespace alarmd::sys {
class token_book;
struct metrics;
}

namespace alarmd::http {

class static_files;

struct api_deps {
    const config::snapshot& cfg;  // the app's current config (replaced whole on reload)
    const sys::token_book& tokens;
    pipeline::pipeline& pipe;
    store::incident_store& store;
    store::stage_store& stages;
    notify::ws_hub& hub;
    sys::metrics& metrics;
    std::function<bool()> redis_up;
    // What the last connect read of Redis's persistence (the app's, outlives the server).
    const store::redis_persistence& persistence;
    // The connections the receivers make themselves (the AMI client), for /readyz.
    std::function<std::vector<sys::component_health>()> sources_health;
    // A message of the device was accepted (an event or an intercom heartbeat): restarts its
    // link supervision. True when the device is supervised.
    std::function<bool(const config::device&)> heard;
    // The guard console's files (the app's, replaced whole on reload); null: / answers 404.
    const std::shared_ptr<const static_files>& console;
};

// The handlers the HTTP server calls. `deps` must outlive the server.
[[nodiscard]] handlers make_api(api_deps deps);

}  // namespace alarmd::http
