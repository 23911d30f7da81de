// Which pages may open the guard WebSocket: no Origin (not a browser) always; otherwise the
// configured list, or by default the server's own origin (scheme by TLS, and the Host header).
#include "daemon/http/origin_check.hpp"

#include <gtest/gtest.h>

namespace {

using alarmd::http::origin_allowed;
using alarmd::http::printable;
using list = std::optional<std::vector<std::string>>;

TEST(OriginCheck, NoOriginIsNotABrowserAndIsLetOn) {
    EXPECT_TRUE(origin_allowed(std::nullopt, "alarmd:8443", true, std::nullopt));
    EXPECT_TRUE(origin_allowed(std::nullopt, "", false, list{std::vector<std::string>{}}));
}

TEST(OriginCheck, ByDefaultOnlyTheServersOwnOrigin) {
    EXPECT_TRUE(origin_allowed("https://alarmd:8443", "alarmd:8443", true, std::nullopt));
    EXPECT_TRUE(origin_allowed("https://ALARMD", "alarmd:443", true, std::nullopt));
    EXPECT_TRUE(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", false, std::nullopt));
    // The scheme follows the connection: an http page may not talk to the https listener.
    EXPECT_FALSE(origin_allowed("http://alarmd:8443", "alarmd:8443", true, std::nullopt));
    EXPECT_FALSE(origin_allowed("https://evil.example", "alarmd:8443", true, std::nullopt));
    EXPECT_FALSE(origin_allowed("https://alarmd:8444", "alarmd:8443", true, std::nullopt));
    EXPECT_FALSE(origin_allowed("null", "alarmd:8443", true, std::nullopt));
    EXPECT_FALSE(origin_allowed("", "alarmd:8443", true, std::nullopt));
    EXPECT_FALSE(origin_allowed("https://alarmd", "", true, std::nullopt));
}

TEST(OriginCheck, AListAllowsExactlyItsOrigins) {
    const list allowed{std::vector<std::string>{"https://console.example"}};
    EXPECT_TRUE(origin_allowed("https://console.example", "alarmd:8443", true, allowed));
    EXPECT_TRUE(origin_allowed("https://Console.Example:443", "alarmd:8443", true, allowed));
    EXPECT_FALSE(origin_allowed("http://console.example", "alarmd:8443", true, allowed));
    EXPECT_FALSE(origin_allowed("https://alarmd:8443", "alarmd:8443", true, allowed));
    EXPECT_FALSE(origin_allowed("https://console.example.evil", "alarmd:8443", true, allowed));
    const list none{std::vector<std::string>{}};
    EXPECT_FALSE(origin_allowed("https://alarmd:8443", "alarmd:8443", true, none));
}

TEST(OriginCheck, HeaderValuesAreMadeSafeForALogLine) {
    EXPECT_EQ(printable("https://a.example"), "https://a.example");
    EXPECT_EQ(printable("a\"b\\c\nd\x01"), "a?b?c?d?");
    EXPECT_EQ(printable(std::string(300, 'x')), std::string(200, 'x') + "...");
}

}  // namespace
