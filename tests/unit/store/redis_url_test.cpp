#include <string>

#include <gtest/gtest.h>

#include "daemon/store/redis_client.hpp"

namespace alarmd::store {
namespace {

struct good_case {
    const char* url;
    bool unix_socket;
    const char* host;
    int port;
    const char* path;
    int db;
    const char* password;
};

TEST(RedisUrl, AcceptsTheDocumentedForms) {
    const good_case cases[] = {
        {"redis://127.0.0.1:6379/0", false, "127.0.0.1", 6379, "", 0, ""},
        {"redis://localhost", false, "localhost", 6379, "", 0, ""},
        {"redis://localhost/", false, "localhost", 6379, "", 0, ""},
        {"redis://redis.internal:6380/3", false, "redis.internal", 6380, "", 3, ""},
        {"REDIS://Host-1:1/15", false, "Host-1", 1, "", 15, ""},
        {"redis://:s3cret@10.0.0.5:7000/2", false, "10.0.0.5", 7000, "", 2, "s3cret"},
        {"redis://:p%40ss%2Fw0rd@h", false, "h", 6379, "", 0, "p@ss/w0rd"},
        {"redis://:raw/slash@at@h:1/4", false, "h", 1, "", 4, "raw/slash@at"},
        {"redis://[::1]:6390/1", false, "::1", 6390, "", 1, ""},
        {"redis://[::1]", false, "::1", 6379, "", 0, ""},
        {"unix:///run/redis/redis.sock", true, "127.0.0.1", 6379, "/run/redis/redis.sock", 0, ""},
        {"unix:///tmp/r.sock?db=5", true, "127.0.0.1", 6379, "/tmp/r.sock", 5, ""},
        {"unix:///tmp/r.sock?db=1&password=a%26b", true, "127.0.0.1", 6379, "/tmp/r.sock", 1,
         "a&b"},
        {"unix:///tmp/with%20space.sock", true, "127.0.0.1", 6379, "/tmp/with space.sock", 0, ""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.url);
        redis_endpoint ep;
        std::string error;
        ASSERT_TRUE(parse_redis_url(c.url, ep, error)) << error;
        EXPECT_TRUE(error.empty());
        EXPECT_EQ(ep.unix_socket, c.unix_socket);
        EXPECT_EQ(ep.host, c.host);
        EXPECT_EQ(ep.port, c.port);
        EXPECT_EQ(ep.path, c.path);
        EXPECT_EQ(ep.db, c.db);
        EXPECT_EQ(ep.password, c.password);
    }
}

struct bad_case {
    const char* url;
    const char* error_mentions;
};

TEST(RedisUrl, RejectsBadInputWithAClearReason) {
    const bad_case cases[] = {
        {"", "must start with redis:// or unix://"},
        {"http://127.0.0.1:6379", "must start with redis:// or unix://"},
        {"127.0.0.1:6379", "must start with redis:// or unix://"},
        {"rediss://h:6379", "TLS"},
        {"redis://", "missing host"},
        {"redis://:6379/0", "missing host"},
        {"redis://h:", "empty port"},
        {"redis://h:abc", "bad port 'abc'"},
        {"redis://h:0", "bad port '0'"},
        {"redis://h:65536", "bad port '65536'"},
        {"redis://h:-1", "bad port '-1'"},
        {"redis://h/x", "bad database 'x'"},
        {"redis://h/1/2", "bad database '1/2'"},
        {"redis://h/-1", "bad database '-1'"},
        {"redis://h/99999999999", "bad database"},
        {"redis://h?db=1", "no query"},
        {"redis://user:pw@h", "user names are not supported"},
        {"redis://:@h", "empty password"},
        {"redis://:%zz@h", "percent-encoding"},
        {"redis://::1:6379", "brackets"},
        {"redis://[::1", "missing ']'"},
        {"redis://[::1]x", "unexpected text"},
        {"redis://h o/0", "bad host 'h o'"},
        {"unix://relative.sock", "absolute"},
        {"unix://", "absolute"},
        {"unix:///tmp/r.sock?db=x", "bad database 'x'"},
        {"unix:///tmp/r.sock?timeout=1", "unknown query parameter 'timeout'"},
        {"unix:///tmp/r.sock?password=", "empty password"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.url);
        redis_endpoint ep;
        ep.port = 1234;  // must be left alone on failure
        std::string error;
        EXPECT_FALSE(parse_redis_url(c.url, ep, error));
        EXPECT_NE(error.find(c.error_mentions), std::string::npos) << error;
        EXPECT_EQ(error.rfind("bad redis URL: ", 0), 0u) << error;
        EXPECT_EQ(ep.port, 1234);
    }
}

TEST(RedisUrl, ErrorsNeverEchoThePassword) {
    const char* urls[] = {"redis://:hunter2@h:bad", "redis://:hunter2@h/db", "redis://:hunter2@h o",
                          "redis://:hunter2@[::1", "redis://:hunter2@"};
    for (const char* url : urls) {
        SCOPED_TRACE(url);
        redis_endpoint ep;
        std::string error;
        EXPECT_FALSE(parse_redis_url(url, ep, error));
        EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
    }
}

}  // namespace
}  // namespace alarmd::store
