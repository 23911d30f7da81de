#pragma once
// Small readers of redis_reply shared by the stores: one kind of failure for callers, and the
// shapes Redis answers in (arrays of strings, field/value pairs).
#include <string>
#include <utility>
#include <vector>

#include "daemon/store/redis_client.hpp"

namespace alarmd::store {

// The connection's error, or invalid_argument for a Redis error reply (or an array reply with an
// error in it: a command of a transaction that failed as it ran), so callers handle one kind of
// failure.
[[nodiscard]] boost::system::error_code checked(boost::system::error_code ec, const redis_reply& r);

// The string elements of an array reply.
[[nodiscard]] std::vector<std::string> strings_of(const redis_reply& r);

// An HGETALL / ZRANGE WITHSCORES reply as (field, value) pairs.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> pairs_of(const redis_reply& r);

}  // namespace alarmd::store
