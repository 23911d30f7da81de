// Origins as browsers send them: the form server.allowed_origins is checked and stored in.
#include "daemon/config/origin.hpp"

#include <gtest/gtest.h>

namespace {

using alarmd::config::normalize_origin;

TEST(Origin, SchemeHostAndPortInLowerCaseWithoutTheDefaultPort) {
    EXPECT_EQ(normalize_origin("https://console.example"), "https://console.example");
    EXPECT_EQ(normalize_origin("HTTPS://Console.Example:8443"), "https://console.example:8443");
    EXPECT_EQ(normalize_origin("https://console.example:443"), "https://console.example");
    EXPECT_EQ(normalize_origin("http://10.0.0.5:80"), "http://10.0.0.5");
    EXPECT_EQ(normalize_origin("http://10.0.0.5:443"), "http://10.0.0.5:443");
    EXPECT_EQ(normalize_origin("https://[::1]:8443"), "https://[::1]:8443");
    EXPECT_EQ(normalize_origin("https://[::1]:443"), "https://[::1]");
}

TEST(Origin, AnythingElseIsNotAnOrigin) {
    for (const char* bad :
         {"", "null", "*", "console.example", "ftp://console.example", "https://",
          "https://console.example/", "https://console.example/app", "https://console.example?x=1",
          "https://user@console.example", "https://console.example:", "https://console.example:0",
          "https://console.example:65536", "https://:8443", "https://[::1", "https://a b",
          "https://[zz]"}) {
        EXPECT_FALSE(normalize_origin(bad)) << bad;
    }
}

}  // namespace
