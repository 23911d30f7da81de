#pragma once
// A real redis-server for one test fixture: a free loopback port, a temporary --dir, no
// persistence. stop() and start() again reuse the same port so clients can reconnect.
#include <string>
#include <sys/types.h>

namespace alarmd::test {

class redis_server {
public:
    // Starts it and waits for PING (throws on failure: start-up of a test). With `aof` it
    // persists as production should (appendonly yes, appendfsync `fsync`: everysec for
    // benchmarks, always where a kill -9 of Redis must lose nothing acknowledged).
    explicit redis_server(bool aof = false, std::string fsync = "everysec");
    ~redis_server();  // stops it and removes the folder
    redis_server(const redis_server&) = delete;
    redis_server& operator=(const redis_server&) = delete;

    void stop();   // SIGTERM + waitpid
    void kill9();  // SIGKILL + waitpid: a crash (what the AOF holds survives it)
    void start();  // again, same port, same folder
    // SIGSTOP / SIGCONT: the server keeps its sockets (the kernel still accepts connections)
    // but answers nothing, which is how a hung or overloaded server looks to a client.
    void pause();
    void resume();

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] std::string url() const;  // redis://127.0.0.1:PORT/0
    [[nodiscard]] bool running() const { return pid_ > 0; }
    [[nodiscard]] std::string unix_socket_path() const;  // the server also listens here
    [[nodiscard]] std::string unix_url() const;          // unix://PATH?db=0

private:
    // Spawns and waits for PING; on failure returns false with a reason (log tail included)
    // and leaves nothing running. exited says the process died early (e.g. port taken).
    [[nodiscard]] bool spawn_and_wait(std::string& failure, bool& exited);

    bool aof_ = false;
    std::string fsync_;
    int port_ = 0;
    pid_t pid_ = -1;
    std::string dir_;
};

// A free TCP port on 127.0.0.1 (bind to 0, read it back, close).
[[nodiscard]] int free_tcp_port();

}  // namespace alarmd::test
