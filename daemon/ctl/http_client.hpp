#pragma once
// A blocking HTTP/1.1 client for alarmctl: one request per connection, and every step (name
// lookup, connect, request and answer) under a deadline, so a hung or firewalled daemon ends
// in an error instead of a hang.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include "daemon/ctl/url.hpp"

namespace alarmd::ctl {

// Failures of the client itself, on top of the socket's own error codes.
enum class client_errc {
    resolve_timed_out = 1,
    connect_timed_out,
    answer_timed_out,
    answer_too_large,
};

[[nodiscard]] const boost::system::error_category& client_category() noexcept;
[[nodiscard]] boost::system::error_code make_error_code(client_errc e) noexcept;

}  // namespace alarmd::ctl

template <>
struct boost::system::is_error_code_enum<alarmd::ctl::client_errc> : std::true_type {};

namespace alarmd::ctl {

// Any HTTP status is a reply; deciding what a 4xx or 503 means is the caller's job.
struct http_reply {
    unsigned status = 0;
    std::string body;
    std::string content_type;
};

class http_client {
public:
    static constexpr std::chrono::milliseconds default_timeout{5000};
    // A report of a long incident is the largest answer; this only stops a runaway server.
    static constexpr std::size_t max_answer_bytes = 64 * 1024 * 1024;

    // An empty token sends no Authorization header. For https://, the server's certificate is
    // checked against the system's CAs, or those of `ca_file` (PEM) when given, and its name.
    http_client(server_url url, std::string token,
                std::chrono::milliseconds timeout = default_timeout, std::string ca_file = {});

    // target starts with '/' and is appended to the URL's prefix.
    [[nodiscard]] boost::system::result<http_reply> get(std::string_view target);
    [[nodiscard]] boost::system::result<http_reply> post(std::string_view target,
                                                         std::string json_body);

    [[nodiscard]] const server_url& url() const { return url_; }
    [[nodiscard]] bool has_token() const { return !token_.empty(); }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return timeout_; }

private:
    [[nodiscard]] boost::system::result<http_reply> call(bool post, std::string_view target,
                                                         std::string body);

    server_url url_;
    std::string token_;
    std::chrono::milliseconds timeout_;
    std::string ca_file_;
};

// Percent-encodes one path segment or query value (an incident id from the command line must
// not be able to change the route).
[[nodiscard]] std::string url_encode(std::string_view s);

}  // namespace alarmd::ctl
