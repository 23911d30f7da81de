#pragma once
// What the guard WebSocket's requests do: hello's open incidents, ack / arrive / resolve /
// review / hold, a manual `report`, and where published messages and replays go (Redis).
#include "daemon/notify/ws_hub.hpp"

namespace alarmd::store {
class incident_store;
}

namespace alarmd::pipeline {

class pipeline;

[[nodiscard]] notify::ws_hooks make_guard_hooks(pipeline& pipe, store::incident_store& store,
                                                std::size_t hello_incidents);

}  // namespace alarmd::pipeline
