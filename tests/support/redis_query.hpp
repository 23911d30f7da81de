#pragma once
// Reads state straight from Redis (synchronous hiredis) so tests assert what is really stored.
#include <string>
#include <vector>

namespace alarmd::test {

struct redis_value {
    bool nil = true;
    long long integer = 0;
    std::string str;
    std::vector<std::string> elements;  // an array's strings; nested arrays flattened in order
};

redis_value redis_query(int port, const std::vector<std::string>& args);

}  // namespace alarmd::test
