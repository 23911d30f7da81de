#pragma once
// The HTTP listener's TLS context (certificate chain and key), made from the PEM text the config
// loader read. Shared: every TLS connection holds the context it was accepted with, so after a
// reload new connections get the new certificate while open ones keep theirs.
#include <memory>

#include "daemon/config/config.hpp"

namespace boost::asio::ssl {
class context;
}

namespace alarmd::sys {

class tls_context {
public:
    // Throws std::runtime_error naming the file at fault (the loader has made the same context
    // from the same text already, so this fails only when memory does).
    explicit tls_context(const config::tls_config& t);
    ~tls_context();
    tls_context(const tls_context&) = delete;
    tls_context& operator=(const tls_context&) = delete;

    [[nodiscard]] boost::asio::ssl::context& native() { return *ctx_; }

private:
    std::unique_ptr<boost::asio::ssl::context> ctx_;
};

// The context for `server.tls`, or null when TLS is not configured.
[[nodiscard]] std::shared_ptr<tls_context> make_tls_context(const config::server_config& s);

}  // namespace alarmd::sys
