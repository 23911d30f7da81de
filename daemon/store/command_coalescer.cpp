#include "daemon/store/command_coalescer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace alarmd::store {
namespace {

enum class kind { unknown, keyed, rpush, zadd, hset };

// A HSET folded past this many fields appends without looking for the field again: the search
// is linear, and a long batch (the writes held through an outage) must not cost n².
constexpr std::size_t hset_dedupe_fields = 32;

bool same_name(std::string_view a, std::string_view upper) {
    return a.size() == upper.size() &&
           std::equal(a.begin(), a.end(), upper.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == y;
           });
}

// The commands that touch exactly the one key in args[1]; the rest are barriers.
kind kind_of(const redis_command& c) {
    if (c.size() < 2) {
        return kind::unknown;
    }
    const std::string_view name = c.front();
    if (same_name(name, "RPUSH")) {
        return c.size() >= 3 ? kind::rpush : kind::keyed;
    }
    if (same_name(name, "HSET")) {
        return c.size() >= 4 && c.size() % 2 == 0 ? kind::hset : kind::keyed;
    }
    if (same_name(name, "ZADD")) {
        // A flag (NX, XX, GT, LT, CH, INCR) changes what the pairs mean: never folded.
        const bool plain = c.size() >= 4 && c.size() % 2 == 0 &&
                           !std::isalpha(static_cast<unsigned char>(c[2].empty() ? 'x' : c[2][0]));
        return plain ? kind::zadd : kind::keyed;
    }
    static constexpr std::array<std::string_view, 27> single_key{
        "LPUSH",   "LTRIM",    "LRANGE",  "LLEN",  "HGET",           "HGETALL",         "HDEL",
        "HINCRBY", "ZREM",     "ZRANGE",  "ZCARD", "ZRANGEBYSCORE",  "ZREMRANGEBYSCORE", "ZSCORE",
        "ZREVRANGE", "XADD",   "XTRIM",   "XRANGE", "ZREMRANGEBYRANK", "XREVRANGE",      "SET",
        "GET",     "INCR",     "EXPIRE",  "PEXPIRE", "PERSIST",       "TTL"};
    if (std::any_of(single_key.begin(), single_key.end(),
                    [&](std::string_view k) { return same_name(name, k); })) {
        return kind::keyed;
    }
    if ((same_name(name, "DEL") || same_name(name, "UNLINK")) && c.size() == 2) {
        return kind::keyed;
    }
    return kind::unknown;
}

void fold_hset(redis_command& into, redis_command& later) {
    for (std::size_t i = 2; i + 1 < later.size(); i += 2) {
        bool replaced = false;
        if (into.size() / 2 <= hset_dedupe_fields) {
            for (std::size_t j = 2; j + 1 < into.size(); j += 2) {
                if (into[j] == later[i]) {
                    into[j + 1] = std::move(later[i + 1]);
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) {
            into.push_back(std::move(later[i]));
            into.push_back(std::move(later[i + 1]));
        }
    }
}

}  // namespace

coalesced_commands coalesce(std::vector<redis_command> commands) {
    coalesced_commands out;
    out.commands.reserve(commands.size());
    out.origin.reserve(commands.size());
    struct open_fold {
        kind what;
        std::size_t at;
    };
    std::unordered_map<std::string, open_fold> folds;  // key -> the command still open to folds
    for (auto& c : commands) {
        const auto k = kind_of(c);
        if (k == kind::unknown) {
            folds.clear();
        } else if (k == kind::keyed) {
            folds.erase(c[1]);
        } else if (auto it = folds.find(c[1]); it != folds.end() && it->second.what == k) {
            auto& into = out.commands[it->second.at];
            if (k == kind::hset) {
                fold_hset(into, c);
            } else {
                into.insert(into.end(), std::make_move_iterator(c.begin() + 2),
                            std::make_move_iterator(c.end()));
            }
            out.origin.push_back(it->second.at);
            continue;
        } else {
            folds.insert_or_assign(c[1], open_fold{k, out.commands.size()});
        }
        out.origin.push_back(out.commands.size());
        out.commands.push_back(std::move(c));
    }
    return out;
}

}  // namespace alarmd::store
