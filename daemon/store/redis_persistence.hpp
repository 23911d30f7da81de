#pragma once
// Whether Redis keeps what alarmd writes across its own restart: an acknowledged event is only as
// durable as Redis's persistence. Read at every connect (CONFIG GET appendonly / appendfsync);
// alarmd calls its writes durable only with the append-only file on and fsync `always` or
// `everysec` (at most a second of writes lost on a power cut).
#include <functional>
#include <string>

#include "daemon/store/redis_client.hpp"

namespace alarmd::store {

struct redis_persistence {
    bool known = false;        // CONFIG GET answered (a managed Redis may refuse it)
    std::string appendonly;    // "yes" / "no"
    std::string appendfsync;   // "always" / "everysec" / "no"

    [[nodiscard]] bool durable() const {
        return known && appendonly == "yes" && (appendfsync == "always" || appendfsync == "everysec");
    }
};

// Reads the settings; `done` gets known == false when Redis refused or could not answer.
void read_persistence(redis_client& redis, std::function<void(redis_persistence)> done);

}  // namespace alarmd::store
