#include "tests/support/daemon_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/clients.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {

daemon_process::daemon_process(std::string yaml, daemon_process_options options)
    : options_(std::move(options)) {
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
    // Written beside and renamed over: the daemon never reads a half-written file.
    const auto next = dir_ / "alarmd.yaml.next";
    std::ofstream(next, std::ios::trunc) << yaml;
    std::filesystem::rename(next, dir_ / "alarmd.yaml");
}

bool daemon_process::reload(std::string yaml) {
    const auto outcomes = [this] {
        return log_count("event=reloaded ") + log_count("event=reload_rejected ");
    };
    const auto before = outcomes();
    const auto rejected_before = log_count("event=reload_rejected ");
    write_config(std::move(yaml));
    if (pid_ <= 0) {
        throw std::runtime_error("reload: alarmd is not running");
    }
    ::kill(pid_, SIGHUP);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (outcomes() == before) {
        if (std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("reload: no outcome logged within 30 s:\n" + log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return log_count("event=reload_rejected ") == rejected_before;
}

daemon_process::~daemon_process() {
    if (pid_ > 0) {
        kill9();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void daemon_process::start(const std::vector<std::string>& env) {
    const auto config = (dir_ / "alarmd.yaml").string();
    const auto log_path = (dir_ / "alarmd.log").string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    std::string bin = ALARMD_BINARY;
    std::vector<std::string> args{bin, "--config", config};
    if (!options_.log_level.empty()) {
        args.insert(args.end(), {"--log-level", options_.log_level});
    }
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    std::vector<std::string> vars(env);
    for (char** e = environ; *e != nullptr; ++e) {
        vars.emplace_back(*e);
    }
    // Started as the systemd unit starts it, unless the caller chose its own malloc tunables.
    const bool tunables_given = std::any_of(vars.begin(), vars.end(), [](const std::string& v) {
        return v.starts_with("GLIBC_TUNABLES=");
    });
    if (!tunables_given) {
        vars.emplace_back("GLIBC_TUNABLES=" ALARMD_MALLOC_TUNABLES);
    }
    std::vector<char*> envp;
    for (auto& v : vars) {
        envp.push_back(v.data());
    }
    envp.push_back(nullptr);
    const int rc = posix_spawn(&pid_, bin.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        throw std::runtime_error("cannot start alarmd");
    }
    for (int i = 0; i < 400; ++i) {
        try {
            const auto health = options_.tls ? https_call(port_, "GET", "/healthz")
                                             : http_call(port_, "GET", "/healthz");
            if (health.status == 200) {
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

daemon_process::check_result daemon_process::check_config() const {
    const auto config = (dir_ / "alarmd.yaml").string();
    const auto out_path = (dir_ / "check-config.out").string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::string bin = ALARMD_BINARY;
    std::vector<std::string> args{bin, "--check-config", config};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        throw std::runtime_error("cannot run alarmd --check-config");
    }
    int status = 0;
    waitpid(pid, &status, 0);
    check_result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::ifstream in(out_path);
    std::stringstream ss;
    ss << in.rdbuf();
    r.output = ss.str();
    return r;
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

int daemon_process::wait_signal_exit(std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (pid_ > 0) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        }
        if (std::chrono::steady_clock::now() > until) {
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

std::size_t daemon_process::log_count(std::string_view text) const {
    std::ifstream in(dir_ / "alarmd.log");
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        n += line.find(text) != std::string::npos ? 1 : 0;
    }
    return n;
}

std::string daemon_process::log() const {
    std::ifstream in(dir_ / "alarmd.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace alarmd::test
