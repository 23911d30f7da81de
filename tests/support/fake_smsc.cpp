#include "tests/support/fake_smsc.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <boost/json/parse.hpp>

extern char** environ;

namespace alarmd::test {

using namespace std::chrono_literals;

fake_smsc::fake_smsc(fake_smsc_options options, int port) {
    char tmpl[] = "/tmp/alarmd-smsc-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
        throw std::runtime_error("fake_smsc: cannot make a temp folder");
    }
    dir_ = tmpl;
    const std::string out = dir_ + "/smsc.jsonl";
    std::vector<std::string> args = {"node",
                                     std::string(ALARMD_SOURCE_DIR) + "/tests/peers/fake_smsc.mjs",
                                     "--port", std::to_string(port)};
    if (options.throttle_first > 0) {
        args.insert(args.end(), {"--throttle-first", std::to_string(options.throttle_first)});
    }
    if (options.answer_delay_ms > 0) {
        args.insert(args.end(), {"--answer-delay", std::to_string(options.answer_delay_ms)});
    }
    if (options.drop_after > 0) {
        args.insert(args.end(), {"--drop-after", std::to_string(options.drop_after)});
    }
    if (options.refuse_bind) {
        args.emplace_back("--refuse-bind");
    }
    if (!options.receipts) {
        args.emplace_back("--no-receipts");
    }
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir_ + "/stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    const int rc = posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("fake_smsc: cannot start node (is nodejs installed?)");
    }
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& e : events()) {
            if (e.as_object().at("event").as_string() == "listening") {
                port_ = static_cast<int>(e.as_object().at("port").to_number<std::int64_t>());
                return;
            }
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("fake_smsc: node exited at start (npm peers installed?)");
        }
        std::this_thread::sleep_for(20ms);
    }
    stop();
    throw std::runtime_error("fake_smsc: no 'listening' line within 30 s");
}

fake_smsc::~fake_smsc() {
    stop();
    std::error_code ignored;
    std::remove((dir_ + "/smsc.jsonl").c_str());
    std::remove((dir_ + "/stderr").c_str());
    ::rmdir(dir_.c_str());
}

void fake_smsc::stop() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
}

std::vector<boost::json::value> fake_smsc::events() const {
    std::vector<boost::json::value> out;
    std::ifstream in(dir_ + "/smsc.jsonl");
    for (std::string line; std::getline(in, line);) {
        boost::system::error_code ec;
        auto v = boost::json::parse(line, ec);
        if (!ec && v.is_object()) {  // a line being written is skipped until it is whole
            out.push_back(std::move(v));
        }
    }
    return out;
}

std::vector<boost::json::value> fake_smsc::accepted() const {
    std::vector<boost::json::value> out;
    for (auto& e : events()) {
        const auto& o = e.as_object();
        if (o.at("event").as_string() == "submit" && o.at("status").to_number<int>() == 0) {
            out.push_back(e);
        }
    }
    return out;
}

std::vector<boost::json::value> fake_smsc::wait_accepted(std::size_t n) const {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    auto got = accepted();
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(20ms);
        got = accepted();
    }
    return got;
}

}  // namespace alarmd::test
