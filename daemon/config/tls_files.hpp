#pragma once
// The server's TLS certificate and key. They are read when the config is loaded (at start, by
// --check-config, and on the loader thread at SIGHUP: never on the event loop) and must make a
// working TLS server context, so a missing, unreadable or invalid file, or a key that does not
// belong to the certificate, is a config error naming the file. The HTTP listener makes its
// context with the same function, from the PEM text kept in the config.
#include <memory>
#include <string>

#include "daemon/config/config.hpp"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace alarmd::config {

struct ssl_ctx_free {
    void operator()(ssl_ctx_st* ctx) const;
};
using ssl_ctx_ptr = std::unique_ptr<ssl_ctx_st, ssl_ctx_free>;

// What is wrong, and with which of the two files.
struct tls_problem {
    std::string key;  // "cert" or "key"
    std::string message;
};

// A TLS server context (TLS 1.2 and later) holding the certificate chain of `t.cert_pem` and
// the private key of `t.key_pem`; null and `problem` set when they do not make one. Encrypted
// keys are refused rather than prompting for a passphrase on a terminal.
[[nodiscard]] ssl_ctx_ptr make_server_ssl_ctx(const tls_config& t, tls_problem& problem);

}  // namespace alarmd::config
