#include "daemon/store/redis_persistence.hpp"

#include <memory>

#include "daemon/store/reply_checks.hpp"

namespace alarmd::store {

void read_persistence(redis_client& redis, std::function<void(redis_persistence)> done) {
    // Two commands on one connection answer in order: the second callback sees both values.
    auto p = std::make_shared<redis_persistence>();
    auto failed = std::make_shared<bool>(false);
    auto value_of = [](const redis_reply& r) {
        const auto pairs = pairs_of(r);  // CONFIG GET answers [name, value]
        return pairs.empty() ? std::string() : pairs.front().second;
    };
    redis.command({"CONFIG", "GET", "appendonly"}, [p, failed, value_of](auto ec, const redis_reply& r) {
        if (checked(ec, r)) {
            *failed = true;
            return;
        }
        p->appendonly = value_of(r);
    });
    redis.command({"CONFIG", "GET", "appendfsync"},
                  [p, failed, value_of, done = std::move(done)](auto ec, const redis_reply& r) {
                      if (!*failed && !checked(ec, r)) {
                          p->appendfsync = value_of(r);
                          p->known = !p->appendonly.empty() && !p->appendfsync.empty();
                      }
                      done(*p);
                  });
}

}  // namespace alarmd::store
