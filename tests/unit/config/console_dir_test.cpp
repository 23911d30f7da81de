// server.console and server.console_dir: a written folder must hold index.html; the default is
// found beside an installed binary or in the source tree of a built one, and a missing default is
// a warning, never a reason to refuse the config.
#include "daemon/config/console_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "daemon/config/loader.hpp"
#include "tests/unit/config/temp_dir.hpp"

namespace alarmd::config {
namespace {

namespace fs = std::filesystem;
using test::temp_dir;

std::vector<std::string> errors_of(const std::string& yaml, const std::string& base_dir) {
    const auto loaded = load_string(yaml, "alarmd.yaml", base_dir);
    std::vector<std::string> out;
    if (!loaded) {
        for (const auto& d : loaded.error().items) {
            out.push_back(d.str());
        }
    }
    return out;
}

TEST(ConsoleDir, CandidatesAreTheShareFolderThenSourceTrees) {
    temp_dir t;
    const auto root = t.path();
    fs::create_directories(root / "build/release/daemon");
    t.write("CMakeLists.txt", "project(x)\n");
    const auto c = detail::console_dir_candidates(root / "build/release/daemon/alarmd");
    ASSERT_EQ(c.size(), 2U);
    EXPECT_EQ(c[0], root / "build/release/share/alarmd/console");
    EXPECT_EQ(c[1], root / "console");

    const auto installed = detail::console_dir_candidates("/usr/bin/alarmd");
    ASSERT_GE(installed.size(), 1U);
    EXPECT_EQ(installed[0], fs::path("/usr/share/alarmd/console"));
    for (const auto& p : installed) {
        EXPECT_NE(p, fs::path("/console"));  // only a folder beside a CMakeLists.txt
    }
}

TEST(ConsoleDir, TheDefaultOfABuiltBinaryIsTheSourceTreesConsole) {
    // This test binary lives in the build tree, below the checkout's console/.
    const auto found = detail::default_console_dir();
    ASSERT_TRUE(found);
    EXPECT_TRUE(detail::is_console_dir(*found));
    EXPECT_EQ(found->filename(), "console");

    const auto cfg = load_string("server: {}\n", "alarmd.yaml", "/nonexistent");
    ASSERT_TRUE(cfg);
    EXPECT_TRUE(cfg->server.console);
    EXPECT_EQ(cfg->server.console_dir, found->string());
    EXPECT_TRUE(cfg->warnings.empty());
    // The same without a server section at all.
    const auto bare = load_string("", "alarmd.yaml", "/nonexistent");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->server.console_dir, found->string());
}

TEST(ConsoleDir, AWrittenFolderIsTakenFromTheConfigsFolderAndMustHoldIndexHtml) {
    temp_dir t;
    fs::create_directories(t.path() / "ui");
    t.write("ui/index.html", "<!doctype html>");
    const auto cfg = load_string("server: { console_dir: ui }\n", "alarmd.yaml", t.path().string());
    ASSERT_TRUE(cfg);
    EXPECT_EQ(cfg->server.console_dir, (t.path() / "ui").string());

    fs::create_directories(t.path() / "empty");
    EXPECT_EQ(errors_of("server:\n  console_dir: empty\n", t.path().string()),
              std::vector<std::string>{"alarmd.yaml:2: server.console_dir: no index.html in '" +
                                       (t.path() / "empty").string() + "'"});
    EXPECT_EQ(errors_of("server: { console_dir: \"\" }\n", t.path().string()),
              std::vector<std::string>{
                  "alarmd.yaml:1: server.console_dir: empty: a folder with the console's "
                  "index.html"});
    EXPECT_EQ(errors_of("server: { console: maybe }\n", t.path().string()).size(), 1U);
}

TEST(ConsoleDir, OffNeedsNoFolder) {
    temp_dir t;
    const auto cfg = load_string("server: { console: false, console_dir: nowhere }\n",
                                 "alarmd.yaml", t.path().string());
    ASSERT_TRUE(cfg);
    EXPECT_FALSE(cfg->server.console);
    EXPECT_TRUE(cfg->warnings.empty());
}

}  // namespace
}  // namespace alarmd::config
