#pragma once
// A small HTTP/1.1 server for tests of outbound HTTP (the SMS gateway): it listens on a free
// loopback port, plain or TLS, records every request it reads and answers each with the canned
// answer of the moment, or holds the connection open without answering (a hung gateway).
// One thread, blocking sockets, one connection at a time.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace alarmd::test {

struct received_request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string body;
};

struct canned_answer {
    int status = 200;
    std::string reason = "OK";
    std::string body;
    bool never = false;  // read the request, then answer nothing and keep the connection open
};

class http_test_server {
public:
    // Plain HTTP; with `cert` and `key` (PEM files) it speaks only TLS.
    explicit http_test_server(canned_answer answer = {}, std::filesystem::path cert = {},
                              std::filesystem::path key = {});
    ~http_test_server();
    http_test_server(const http_test_server&) = delete;
    http_test_server& operator=(const http_test_server&) = delete;

    [[nodiscard]] int port() const { return port_; }
    void answer_with(canned_answer answer);

    // The next request read (in order), waiting up to `wait`; nullopt if none came.
    [[nodiscard]] std::optional<received_request> next(
        std::chrono::milliseconds wait = std::chrono::seconds(30));
    [[nodiscard]] std::size_t count() const;  // requests read so far

private:
    struct impl;
    void run();
    template <class Stream>
    bool serve(Stream& stream);

    std::unique_ptr<impl> impl_;
    int port_ = 0;
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::deque<received_request> queue_;
    std::size_t count_ = 0;
    canned_answer answer_;
    bool stopping_ = false;
    std::thread thread_;
};

// A loopback port nothing listens on (bound once, then released).
[[nodiscard]] int closed_port();

}  // namespace alarmd::test
