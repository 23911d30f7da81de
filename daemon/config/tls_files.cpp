#include "daemon/config/tls_files.hpp"

#include <climits>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "daemon/config/text_checks.hpp"

namespace alarmd::config {

namespace {

struct bio_free {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct x509_free {
    void operator()(X509* x) const { X509_free(x); }
};
struct pkey_free {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using bio_ptr = std::unique_ptr<BIO, bio_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

// Without a callback OpenSSL would ask for the passphrase of an encrypted key on the terminal.
int no_passphrase(char*, int, int, void*) {
    return -1;
}

// OpenSSL's reason for the last failure ("ee key too small", "key values mismatch"), and a clean
// error queue for the next call.
std::string openssl_reason() {
    unsigned long last = 0;
    while (const unsigned long e = ERR_get_error()) {
        last = e;
    }
    const char* reason = last != 0 ? ERR_reason_error_string(last) : nullptr;
    return reason != nullptr ? reason : "unknown OpenSSL error";
}

bio_ptr memory_bio(const std::string& text) {
    if (text.size() > static_cast<std::size_t>(INT_MAX)) {
        return nullptr;
    }
    return bio_ptr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

// The end of the PEM text shows as PEM_R_NO_START_LINE on the error queue: that is how reading
// "every certificate" ends, not a failure.
bool only_end_of_pem() {
    const unsigned long e = ERR_peek_last_error();
    if (e == 0 || (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE)) {
        ERR_clear_error();
        return true;
    }
    return false;
}

bool use_chain(SSL_CTX* ctx, const tls_config& t, tls_problem& problem) {
    const std::string file = detail::quote_path(t.cert);
    auto bio = memory_bio(t.cert_pem);
    x509_ptr leaf(bio ? PEM_read_bio_X509_AUX(bio.get(), nullptr, no_passphrase, nullptr)
                      : nullptr);
    if (!leaf) {
        ERR_clear_error();
        problem = {"cert", file + " holds no PEM certificate"};
        return false;
    }
    if (SSL_CTX_use_certificate(ctx, leaf.get()) != 1) {
        problem = {"cert", "cannot use the certificate in " + file + " (" + openssl_reason() + ")"};
        return false;
    }
    // The intermediates that follow the server's own certificate, sent along in the handshake.
    for (;;) {
        X509* next = PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr);
        if (next == nullptr) {
            break;
        }
        if (SSL_CTX_add0_chain_cert(ctx, next) != 1) {
            X509_free(next);
            problem = {"cert",
                       "cannot use a chain certificate in " + file + " (" + openssl_reason() + ")"};
            return false;
        }
    }
    if (!only_end_of_pem()) {
        problem = {"cert", file + " holds a damaged certificate after the first (" +
                               openssl_reason() + ")"};
        return false;
    }
    return true;
}

bool use_key(SSL_CTX* ctx, const tls_config& t, tls_problem& problem) {
    const std::string file = detail::quote_path(t.key);
    auto bio = memory_bio(t.key_pem);
    pkey_ptr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr)
                     : nullptr);
    if (!key) {
        ERR_clear_error();
        problem = {"key", file +
                              " holds no PEM private key (an encrypted key is not supported: "
                              "write it out unencrypted with `openssl pkey`)"};
        return false;
    }
    if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
        ERR_clear_error();
        problem = {"key", "the key in " + file + " does not belong to the certificate in " +
                              detail::quote_path(t.cert)};
        return false;
    }
    return true;
}

}  // namespace

void ssl_ctx_free::operator()(ssl_ctx_st* ctx) const {
    SSL_CTX_free(ctx);
}

ssl_ctx_ptr make_server_ssl_ctx(const tls_config& t, tls_problem& problem) {
    ERR_clear_error();
    ssl_ctx_ptr ctx(SSL_CTX_new(TLS_server_method()));
    if (!ctx) {
        problem = {"cert", "cannot make a TLS context (" + openssl_reason() + ")"};
        return nullptr;
    }
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (!use_chain(ctx.get(), t, problem) || !use_key(ctx.get(), t, problem)) {
        return nullptr;
    }
    return ctx;
}

}  // namespace alarmd::config
