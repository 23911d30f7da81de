#include "tests/support/daemon_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/clients.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {

daemon_process::daemon_process(std::string yaml) {
    char tmpl[] = "/tmp/alarmd-proc-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    dir_ = tmpl;
    port_ = free_tcp_port();
    write_config(std::move(yaml));
}

void daemon_process::write_config(std::string yaml) {
    const std::string any = "127.0.0.1:0";
    if (auto at = yaml.find(any); at != std::string::npos) {
        yaml.replace(at, any.size(), "127.0.0.1:" + std::to_string(port_));
    }
    std::ofstream(dir_ / "alarmd.yaml", std::ios::trunc) << yaml;
}

void daemon_process::reload(std::string yaml) {
    write_config(std::move(yaml));
    if (pid_ > 0) {
        ::kill(pid_, SIGHUP);
    }
}

daemon_process::~daemon_process() {
    if (pid_ > 0) {
        kill9();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void daemon_process::start() {
    const auto config = (dir_ / "alarmd.yaml").string();
    const auto log_path = (dir_ / "alarmd.log").string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    std::string bin = ALARMD_BINARY;
    char* argv[] = {bin.data(), const_cast<char*>("--config"), const_cast<char*>(config.c_str()),
                    nullptr};
    const int rc = posix_spawn(&pid_, bin.c_str(), &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        throw std::runtime_error("cannot start alarmd");
    }
    for (int i = 0; i < 400; ++i) {
        try {
            if (http_call(port_, "GET", "/healthz").status == 200) {
                return;
            }
        } catch (const std::exception&) {
            // not listening yet
        }
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("alarmd exited at start:\n" + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    throw std::runtime_error("alarmd did not answer /healthz:\n" + log());
}

void daemon_process::kill9() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }
}

int daemon_process::terminate() {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string daemon_process::log() const {
    std::ifstream in(dir_ / "alarmd.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace alarmd::test
