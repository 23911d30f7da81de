#pragma once
// The built alarmd binary as a child process (black-box tests): its config in a temp folder,
// stderr to a log file there, start / kill -9 / SIGTERM.
#include <filesystem>
#include <string>
#include <sys/types.h>

namespace alarmd::test {

class daemon_process {
public:
    // `yaml` may say http_listen "127.0.0.1:0": it is replaced by a fixed free port, so a
    // restarted daemon is found at the same address.
    explicit daemon_process(std::string yaml);
    ~daemon_process();

    void start();               // spawns and waits (bounded) until /healthz answers
    void kill9();               // SIGKILL and reap
    int terminate();            // SIGTERM; the exit status
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] std::string log() const;  // what it wrote to stderr
    // Writes a new config (same port) and sends SIGHUP.
    void reload(std::string yaml);

private:
    void write_config(std::string yaml);

    std::filesystem::path dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace alarmd::test
