// The guard console over a real socket: alarmd answers / and the console's files with their
// headers (type, ETag and 304, gzip, CSP), refuses paths outside the table, keeps the API routes,
// serves nothing when server.console is off, and re-reads the folder on SIGHUP.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "daemon/http/gzip.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

struct raw_reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
};

// One request written by hand (so any header can be sent), read until the server closes.
raw_reply raw_get(int port, const std::string& target, const std::string& headers = {},
                  const std::string& method = "GET") {
    const auto text =
        plain_exchange(port, method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
                                 "Connection: close\r\n\r\n");
    raw_reply r;
    const auto end = text.find("\r\n\r\n");
    if (text.size() < 12 || end == std::string::npos) {
        return r;
    }
    r.status = std::stoi(text.substr(9, 3));
    std::size_t pos = text.find("\r\n") + 2;
    while (pos < end) {
        const auto eol = text.find("\r\n", pos);
        const auto line = text.substr(pos, eol - pos);
        const auto colon = line.find(':');
        std::string name = line.substr(0, colon);
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
        pos = eol + 2;
    }
    r.body = text.substr(end + 4);
    return r;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

TEST(Console, TheSourceTreesConsoleIsServedAtTheRoot) {
    redis_server redis;
    daemon_harness daemon(test_config_yaml(redis.url()));
    const int port = daemon.port();
    const auto index = read_file(std::filesystem::path(ALARMD_SOURCE_DIR) / "console/index.html");

    const auto page = raw_get(port, "/");
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.body, index);
    EXPECT_EQ(page.headers.at("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(page.headers.at("cache-control"), "no-cache");
    EXPECT_EQ(page.headers.at("x-content-type-options"), "nosniff");
    EXPECT_EQ(page.headers.at("referrer-policy"), "no-referrer");
    EXPECT_NE(page.headers.at("content-security-policy").find("frame-ancestors 'none'"),
              std::string::npos);
    EXPECT_EQ(raw_get(port, "/index.html").body, index);

    // gzip when asked, the same bytes once unpacked, and a 304 for the tag already held.
    const auto packed = raw_get(port, "/", "Accept-Encoding: gzip, br\r\n");
    EXPECT_EQ(packed.status, 200);
    ASSERT_EQ(packed.headers.count("content-encoding"), 1U) << "index.html compresses";
    EXPECT_EQ(packed.headers.at("content-encoding"), "gzip");
    EXPECT_EQ(http::gunzip(packed.body), index);
    EXPECT_EQ(packed.headers.at("vary"), "Accept-Encoding");
    const auto again = raw_get(
        port, "/", "Accept-Encoding: gzip\r\nIf-None-Match: " + packed.headers.at("etag") + "\r\n");
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());

    for (const auto* target : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/nothing.js",
                               "/..%2f..%2fetc%2fpasswd", "/README.md"}) {
        EXPECT_EQ(raw_get(port, target).status, 404) << target;
    }
    EXPECT_EQ(raw_get(port, "/", {}, "POST").status, 405);
    const auto head = raw_get(port, "/", {}, "HEAD");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.headers.at("content-length"), std::to_string(index.size()));

    // The API keeps its meaning.
    EXPECT_EQ(http_call(port, "GET", "/healthz").status, 200);
    EXPECT_EQ(http_call(port, "GET", "/v1/incidents").status, 401);
    EXPECT_EQ(http_call(port, "GET", "/v1/nothing", {}, "tok-g01").status, 404);
    EXPECT_EQ(http_call(port, "GET", "/ws").status, 404);  // not an upgrade
}

TEST(Console, OffMeansNotFound) {
    redis_server redis;
    daemon_harness daemon(with_server_keys(test_config_yaml(redis.url()), "console: false"));
    EXPECT_EQ(raw_get(daemon.port(), "/").status, 404);
    EXPECT_EQ(raw_get(daemon.port(), "/index.html").status, 404);
    EXPECT_EQ(http_call(daemon.port(), "GET", "/healthz").status, 200);
}

TEST(Console, AReloadReadsTheFolderAgain) {
    redis_server redis;
    const auto yaml = with_server_keys(test_config_yaml(redis.url()), "console_dir: ui");
    daemon_process daemon(yaml);
    write_file(daemon.dir() / "ui/index.html", "<p>one</p>");
    write_file(daemon.dir() / "ui/js/app.js", "export const v = 1;");
    daemon.start();
    const int port = daemon.port();
    EXPECT_EQ(raw_get(port, "/").body, "<p>one</p>");
    const auto js = raw_get(port, "/js/app.js");
    EXPECT_EQ(js.body, "export const v = 1;");
    EXPECT_EQ(js.headers.at("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(daemon.log_count("event=console state=on"), 1U);

    write_file(daemon.dir() / "ui/index.html", "<p>two</p>");
    std::filesystem::remove(daemon.dir() / "ui/js/app.js");
    ASSERT_TRUE(daemon.reload(yaml));
    const auto page = raw_get(port, "/");
    EXPECT_EQ(page.body, "<p>two</p>");
    EXPECT_EQ(raw_get(port, "/", "If-None-Match: " + js.headers.at("etag") + "\r\n").status, 200);
    EXPECT_EQ(raw_get(port, "/js/app.js").status, 404);

    // The folder gone: the config is refused (it names the folder) and the page stays.
    std::filesystem::remove_all(daemon.dir() / "ui");
    EXPECT_FALSE(daemon.reload(yaml));
    EXPECT_EQ(raw_get(port, "/").body, "<p>two</p>");
    EXPECT_EQ(daemon.terminate(), 0);
}

}  // namespace
}  // namespace alarmd::test
