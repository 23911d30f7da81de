#include "tests/support/replay_log.hpp"

#include "daemon/store/replay_ids.hpp"
#include "tests/support/redis_query.hpp"

namespace alarmd::test {
namespace {

// The daemon's own names for the log's key and entry ids.
std::string key_of(const std::string& prefix) { return prefix + std::string(store::replay_key); }

}  // namespace

std::vector<logged_message> replay_log(int redis_port, const std::string& prefix,
                                       std::uint64_t from, std::uint64_t to) {
    // Each entry arrives flattened: its id, then its one field and value.
    const auto flat = redis_query(redis_port, {"XRANGE", key_of(prefix), std::to_string(from),
                                               std::to_string(to)})
                          .elements;
    std::vector<logged_message> out;
    for (std::size_t i = 0; i + 2 < flat.size(); i += 3) {
        out.push_back({store::seq_of_replay_id(flat[i]), flat[i + 2]});
    }
    return out;
}

std::uint64_t replay_top(int redis_port, const std::string& prefix) {
    const auto flat =
        redis_query(redis_port, {"XREVRANGE", key_of(prefix), "+", "-", "COUNT", "1"}).elements;
    return flat.empty() ? 0 : store::seq_of_replay_id(flat.front());
}

void drop_replay(int redis_port, const std::string& prefix, std::uint64_t from, std::uint64_t to) {
    std::vector<std::string> del{"XDEL", key_of(prefix)};
    for (const auto& m : replay_log(redis_port, prefix, from, to)) {
        del.push_back(store::replay_id(m.seq));
    }
    if (del.size() > 2) {
        redis_query(redis_port, del);
    }
    redis_query(redis_port,
                {"XSETID", key_of(prefix), store::replay_id(replay_top(redis_port, prefix))});
}

}  // namespace alarmd::test
