// Reading the console's folder: what is taken (known types, sub-folders) and what is not
// (hidden names, other extensions, odd names), an unreadable folder said, and the CSP's camera
// origins taken from the devices' camera URLs.
#include "daemon/http/console_loader.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "daemon/http/static_files.hpp"
#include "tests/unit/config/temp_dir.hpp"

namespace alarmd::http {
namespace {

namespace fs = std::filesystem;

config::config with_dir(const fs::path& dir) {
    config::config c;
    c.server.console_dir = dir.string();
    return c;
}

TEST(ConsoleLoader, TakesTheConsolesFilesOnly) {
    test::temp_dir t;
    fs::create_directories(t.path() / "img");
    fs::create_directories(t.path() / ".git");
    t.write("index.html", "<!doctype html>");
    t.write("app.js", "export {};");
    t.write("img/logo.svg", "<svg/>");
    t.write(".env.js", "secret");
    t.write(".git/config.js", "secret");
    t.write("README.md", "notes");
    t.write("odd name.js", "x");
    const auto l = load_console(with_dir(t.path()));
    ASSERT_TRUE(l.files) << l.problem;
    EXPECT_EQ(l.files->size(), 3U);
    EXPECT_TRUE(l.files->find("index.html"));
    EXPECT_TRUE(l.files->find("app.js"));
    EXPECT_TRUE(l.files->find("img/logo.svg"));
    EXPECT_FALSE(l.files->find(".env.js"));
    EXPECT_FALSE(l.files->find(".git/config.js"));
    EXPECT_EQ(l.files->bytes(), 15U + 10U + 6U);
}

TEST(ConsoleLoader, OffLoadsNothingAndAMissingFolderIsSaid) {
    test::temp_dir t;
    auto off = with_dir(t.path());
    off.server.console = false;
    const auto none = load_console(off);
    EXPECT_FALSE(none.files);
    EXPECT_TRUE(none.problem.empty());

    const auto gone = load_console(with_dir(t.path() / "gone"));
    EXPECT_FALSE(gone.files);
    EXPECT_NE(gone.problem.find("cannot read"), std::string::npos) << gone.problem;

    t.write("app.js", "x");
    const auto no_index = load_console(with_dir(t.path()));
    EXPECT_FALSE(no_index.files);
    EXPECT_NE(no_index.problem.find("no index.html"), std::string::npos) << no_index.problem;
}

TEST(ConsoleLoader, CameraUrlsOriginsGoToImgSrc) {
    test::temp_dir t;
    t.write("index.html", "x");
    auto cfg = with_dir(t.path());
    config::device d;
    d.zones["1"].cameras = {"cam-lobby", "https://NVR.example/snap/1.jpg",
                            "http://10.1.0.9:8000/cgi?ch=2", "javascript:alert(1)",
                            "https://nvr.example:443/snap/2.jpg"};
    d.points["1/2"].cameras = {"http://cam.example"};
    cfg.devices.push_back(d);
    EXPECT_EQ(camera_origins(cfg),
              (std::vector<std::string>{"http://10.1.0.9:8000", "http://cam.example",
                                        "https://nvr.example"}));
    const auto l = load_console(cfg);
    ASSERT_TRUE(l.files);
    EXPECT_NE(
        l.files->csp().find(
            "img-src 'self' data: http://10.1.0.9:8000 http://cam.example https://nvr.example;"),
        std::string::npos)
        << l.files->csp();
}

}  // namespace
}  // namespace alarmd::http
