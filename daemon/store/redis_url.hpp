#pragma once
// Redis connection URLs: redis://[:password@]host[:port][/db] and unix:///path[?db=N].
#include <string>

namespace alarmd::store {

// Parses redis://[:password@]host[:port][/db] and unix:///path[?db=N].
struct redis_endpoint {
    bool unix_socket = false;
    std::string host = "127.0.0.1";
    int port = 6379;
    std::string path;
    int db = 0;
    std::string password;
};
[[nodiscard]] bool parse_redis_url(const std::string& url, redis_endpoint& out, std::string& error);

}  // namespace alarmd::store
