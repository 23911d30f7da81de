// URLs of HTTP SMS gateways: split for the client, refused with a reason at load time.
#include "daemon/config/http_url.hpp"

#include <gtest/gtest.h>

namespace alarmd::config {
namespace {

TEST(HttpUrl, SplitsSchemeHostPortAndTarget) {
    auto u = parse_http_url("http://127.0.0.1:13013/cgi-bin/sendsms?to={to}&text={text}");
    ASSERT_TRUE(u) << u.error();
    EXPECT_FALSE(u->tls);
    EXPECT_EQ(u->host, "127.0.0.1");
    EXPECT_EQ(u->port, "13013");
    EXPECT_EQ(u->target, "/cgi-bin/sendsms?to={to}&text={text}");
    EXPECT_EQ(u->host_header(), "127.0.0.1:13013");

    u = parse_http_url("https://sms.example.com");
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->tls);
    EXPECT_EQ(u->port, "443");
    EXPECT_EQ(u->target, "/");
    EXPECT_EQ(u->host_header(), "sms.example.com");

    u = parse_http_url("http://[::1]:8080?x=1");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->host, "::1");
    EXPECT_EQ(u->target, "/?x=1");
    EXPECT_EQ(u->host_header(), "[::1]:8080");

    u = parse_http_url("http://gw.local:80/send");
    ASSERT_TRUE(u);
    EXPECT_EQ(u->host_header(), "gw.local");
}

TEST(HttpUrl, RefusesWhatItCannotSend) {
    for (const char* bad : {"ftp://x", "http://", "http:///path", "http://x:0/", "http://x:65536",
                            "http://x:/", "http://u:p@x/", "http://x/a b", "http://x/火",
                            "http://x/#frag", "http://{host}/", "http://[::1/", "HTTP://x"}) {
        EXPECT_FALSE(parse_http_url(bad)) << bad;
    }
    EXPECT_EQ(parse_http_url("http://u:p@x/").error(),
              "user info (user:password@) is not supported; put credentials in the query or in "
              "headers");
}

TEST(HttpUrl, UnknownPlaceholders) {
    EXPECT_FALSE(unknown_placeholder("/s?to={to}&text={text}&ref={ref}"));
    EXPECT_FALSE(unknown_placeholder(R"({"a":{"b":1},"to":"{to}"})"));
    EXPECT_FALSE(unknown_placeholder("{ {} {TO} {x-y}"));
    EXPECT_EQ(unknown_placeholder("/s?to={phone}&text={text}"), "{phone}");
    EXPECT_EQ(unknown_placeholder("{text}{msg_1}"), "{msg_1}");
}

}  // namespace
}  // namespace alarmd::config
