#pragma once
// The built alarmd binary as a child process (black-box tests): its config in a temp folder,
// stderr to a log file there, start / kill -9 / SIGTERM.
#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>
#include <sys/types.h>

namespace alarmd::test {

struct daemon_process_options {
    bool tls = false;       // the config sets server.tls: probe /healthz over HTTPS
    std::string log_level;  // --log-level; empty = the daemon's default
};

class daemon_process {
public:
    // `yaml` may say http_listen "127.0.0.1:0": it is replaced by a fixed free port, so a
    // restarted daemon is found at the same address.
    explicit daemon_process(std::string yaml, daemon_process_options options = {});
    ~daemon_process();

    // Spawns (with `env`, "NAME=value" entries, added to the environment) and waits (bounded)
    // until /healthz answers.
    void start(const std::vector<std::string>& env = {});
    void kill9();               // SIGKILL and reap
    int terminate();            // SIGTERM; the exit status
    // Waits (bounded) for the process to end by itself; the signal that ended it, 0 when it
    // exited, -1 when it was still running at the deadline.
    int wait_signal_exit(std::chrono::seconds deadline);
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] std::string log() const;  // what it wrote to stderr
    [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }  // its config's folder
    // How many lines of the log contain `text`.
    [[nodiscard]] std::size_t log_count(std::string_view text) const;
    // Writes a new config (same port, atomically: write and rename), sends SIGHUP and waits
    // (bounded) until the daemon has logged the outcome. True when it reloaded, false when it
    // rejected the file. One SIGHUP at a time: the next is sent only after this one took effect.
    bool reload(std::string yaml);
    // Writes a new config (as reload does) without telling the daemon.
    void rewrite_config(std::string yaml) { write_config(std::move(yaml)); }

    struct check_result {
        int code = -1;       // exit status
        std::string output;  // stdout and stderr
    };
    // `alarmd --check-config` on the config as written now.
    [[nodiscard]] check_result check_config() const;

private:
    void write_config(std::string yaml);

    std::filesystem::path dir_;
    daemon_process_options options_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace alarmd::test
