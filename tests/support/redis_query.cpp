#include "tests/support/redis_query.hpp"

#include <memory>
#include <stdexcept>

#include <hiredis/hiredis.h>

namespace alarmd::test {

redis_value redis_query(int port, const std::vector<std::string>& args) {
    std::unique_ptr<redisContext, decltype(&redisFree)> c(redisConnect("127.0.0.1", port),
                                                          &redisFree);
    if (!c || c->err) {
        throw std::runtime_error("redis_query: cannot connect");
    }
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    auto* raw = static_cast<redisReply*>(
        redisCommandArgv(c.get(), static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (raw == nullptr) {
        throw std::runtime_error("redis_query: no reply");
    }
    std::unique_ptr<redisReply, decltype(&freeReplyObject)> r(raw, &freeReplyObject);
    redis_value v;
    switch (r->type) {
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
            v.nil = false;
            v.str.assign(r->str, r->len);
            break;
        case REDIS_REPLY_INTEGER:
            v.nil = false;
            v.integer = r->integer;
            break;
        case REDIS_REPLY_ARRAY:
            v.nil = false;
            for (size_t i = 0; i < r->elements; ++i) {
                const auto* e = r->element[i];
                v.elements.emplace_back(e->str != nullptr ? std::string(e->str, e->len) : "");
            }
            break;
        case REDIS_REPLY_ERROR:
            throw std::runtime_error("redis_query: " + std::string(r->str, r->len));
        default:
            break;
    }
    return v;
}

}  // namespace alarmd::test
