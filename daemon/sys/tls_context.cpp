#include "daemon/sys/tls_context.hpp"

#include <stdexcept>

#include <boost/asio/ssl/context.hpp>

#include "daemon/config/tls_files.hpp"

namespace alarmd::sys {

tls_context::tls_context(const config::tls_config& t) {
    config::tls_problem problem;
    auto native = config::make_server_ssl_ctx(t, problem);
    if (!native) {
        throw std::runtime_error("server.tls." + problem.key + ": " + problem.message);
    }
    // Asio takes the SSL_CTX over and frees it with the context.
    ctx_ = std::make_unique<boost::asio::ssl::context>(native.release());
}

tls_context::~tls_context() = default;

std::shared_ptr<tls_context> make_tls_context(const config::server_config& s) {
    return s.tls ? std::make_shared<tls_context>(*s.tls) : nullptr;
}

}  // namespace alarmd::sys
