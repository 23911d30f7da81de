#pragma once
// The WebSocket replay log as the daemon keeps it in Redis (a stream whose entry ids are the
// seqs, field "m"), read and damaged the way tests need.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace alarmd::test {

struct logged_message {
    std::uint64_t seq = 0;
    std::string message;
};

// The messages with from <= seq <= to, oldest first.
std::vector<logged_message> replay_log(int redis_port, const std::string& prefix,
                                       std::uint64_t from = 0,
                                       std::uint64_t to = std::numeric_limits<std::uint64_t>::max());
// The newest seq in the log; 0 when it is empty.
std::uint64_t replay_top(int redis_port, const std::string& prefix);
// Removes the messages with from <= seq <= to, as a write that never reached Redis or a trim
// leaves the log. When the newest go, the stream's last id goes back with them, as a Redis
// restarted without them would have it.
void drop_replay(int redis_port, const std::string& prefix, std::uint64_t from, std::uint64_t to);

}  // namespace alarmd::test
