#include "tests/support/redis_query.hpp"

#include <memory>
#include <stdexcept>

#include <hiredis/hiredis.h>

namespace alarmd::test {
namespace {

// Nested arrays (XRANGE entries, say) are flattened depth first into their strings.
void flatten(const redisReply* r, std::vector<std::string>& out) {
    if (r->type == REDIS_REPLY_ARRAY) {
        for (size_t i = 0; i < r->elements; ++i) {
            flatten(r->element[i], out);
        }
        return;
    }
    out.emplace_back(r->str != nullptr ? std::string(r->str, r->len) : "");
}

}  // namespace

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
                flatten(r->element[i], v.elements);
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
