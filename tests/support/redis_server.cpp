#include "tests/support/redis_server.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

extern char** environ;

namespace alarmd::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

constexpr auto startup_limit = 5s;
constexpr auto shutdown_limit = 10s;

std::string make_temp_dir() {
    std::string pattern = (fs::temp_directory_path() / "alarmd-redis-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
        throw std::system_error(errno, std::generic_category(),
                                "redis_server: mkdtemp(" + pattern + ")");
    }
    return buffer.data();
}

// The end of the server's log, so a failed start says why (port in use, bad option, ...).
std::string log_tail(const std::string& log_path) {
    std::ifstream in(log_path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    constexpr std::size_t keep = 2000;
    if (text.size() > keep) {
        text.erase(0, text.size() - keep);
    }
    return text.empty() ? "(empty log)" : text;
}

bool answers_ping(int port) {
    const timeval timeout{0, 200'000};
    redisContext* c = redisConnectWithTimeout("127.0.0.1", port, timeout);
    if (c == nullptr) {
        return false;
    }
    bool ok = false;
    if (c->err == 0 && redisSetTimeout(c, timeout) == REDIS_OK) {
        auto* reply = static_cast<redisReply*>(redisCommand(c, "PING"));
        ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS &&
             std::string(reply->str, reply->len) == "PONG";
        freeReplyObject(reply);
    }
    redisFree(c);
    return ok;
}

// waitpid with a deadline: true when the child was reaped.
bool reap(pid_t pid, std::chrono::steady_clock::duration limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        int status = 0;
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD)) {
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(5ms);
    }
}

}  // namespace

redis_server::redis_server(bool aof, std::string fsync)
    : aof_(aof), fsync_(std::move(fsync)), dir_(make_temp_dir()) {
    // free_tcp_port() closes its socket before redis binds, so another process can take the
    // port in between; a server that exits at once gets another port (three tries).
    std::string failure;
    for (int attempt = 0; attempt < 3; ++attempt) {
        port_ = free_tcp_port();
        bool exited = false;
        if (spawn_and_wait(failure, exited)) {
            return;
        }
        if (!exited) {
            break;
        }
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
    throw std::runtime_error(failure);
}

redis_server::~redis_server() {
    try {
        stop();
    } catch (...) {
        // A destructor must not throw; the folder is removed either way.
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
}

void redis_server::start() {
    if (running()) {
        return;
    }
    std::string failure;
    bool exited = false;
    if (!spawn_and_wait(failure, exited)) {
        throw std::runtime_error(failure);
    }
}

void redis_server::stop() {
    if (!running()) {
        return;
    }
    const pid_t pid = pid_;
    pid_ = -1;
    kill(pid, SIGTERM);
    // A paused (SIGSTOPped) server only acts on SIGTERM once it runs again.
    kill(pid, SIGCONT);
    if (!reap(pid, shutdown_limit)) {
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }
}

void redis_server::kill9() {
    if (!running()) {
        return;
    }
    const pid_t pid = pid_;
    pid_ = -1;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
}

void redis_server::pause() {
    if (running()) {
        kill(pid_, SIGSTOP);
    }
}

void redis_server::resume() {
    if (running()) {
        kill(pid_, SIGCONT);
    }
}

std::string redis_server::url() const {
    return "redis://127.0.0.1:" + std::to_string(port_) + "/0";
}

std::string redis_server::unix_socket_path() const {
    return dir_ + "/redis.sock";
}

std::string redis_server::unix_url() const {
    return "unix://" + unix_socket_path() + "?db=0";
}

bool redis_server::spawn_and_wait(std::string& failure, bool& exited) {
    exited = false;
    const std::string log_path = dir_ + "/redis.log";
    const std::string port = std::to_string(port_);
    const std::string socket = unix_socket_path();
    std::vector<std::string> args = {"redis-server", "--port",       port,   "--bind",
                                     "127.0.0.1",    "--save",       "",     "--appendonly",
                                     aof_ ? "yes" : "no", "--appendfsync", fsync_,
                                     "--dir",        dir_,   "--daemonize",
                                     "no",           "--unixsocket", socket, "--unixsocketperm",
                                     "700"};
    std::vector<char*> argv;
    for (auto& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    // hiredis opens its sockets without CLOEXEC: a server spawned while a client is connected
    // would otherwise hold the client's socket open after the client closed it.
    posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
    pid_t pid = -1;
    const int rc = posix_spawnp(&pid, "redis-server", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        failure = std::string(
                      "redis_server: cannot spawn redis-server (is it installed and on "
                      "PATH?): ") +
                  std::strerror(rc);
        return false;
    }

    const auto deadline = std::chrono::steady_clock::now() + startup_limit;
    for (;;) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            exited = true;
            failure = "redis_server: redis-server on port " + port +
                      " exited during start-up; log tail:\n" + log_tail(log_path);
            return false;
        }
        if (answers_ping(port_)) {
            pid_ = pid;
            return true;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
            failure = "redis_server: redis-server on port " + port +
                      " did not answer PING within 5 s; log tail:\n" + log_tail(log_path);
            return false;
        }
        std::this_thread::sleep_for(10ms);
    }
}

int free_tcp_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        throw std::system_error(errno, std::generic_category(), "free_tcp_port: socket");
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        const int err = errno;
        close(fd);
        throw std::system_error(err, std::generic_category(), "free_tcp_port: bind");
    }
    close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace alarmd::test
