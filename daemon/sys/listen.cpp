#include "daemon/sys/listen.hpp"

#include <stdexcept>
#include <string>

namespace alarmd::sys {
namespace asio = boost::asio;

namespace {

template <class Endpoint>
Endpoint endpoint_of(const config::listen_address& addr, std::string_view key) {
    boost::system::error_code ec;
    auto ip = asio::ip::make_address(addr.host, ec);
    if (ec) {
        throw std::runtime_error(std::string(key) + ": bad address '" + addr.host + "'");
    }
    return Endpoint{ip, addr.port};
}

[[noreturn]] void fail(const config::listen_address& addr, std::string_view key,
                       const boost::system::error_code& ec) {
    throw std::runtime_error("cannot listen on " + addr.host + ":" + std::to_string(addr.port) +
                             " (" + std::string(key) + "): " + ec.message());
}

// Open, SO_REUSEADDR, bind: the part TCP and UDP share.
template <class Socket, class Endpoint>
boost::system::error_code open_and_bind(Socket& s, const Endpoint& ep) {
    boost::system::error_code ec;
    s.open(ep.protocol(), ec);
    if (!ec) {
        s.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        s.bind(ep, ec);
    }
    return ec;
}

}  // namespace

void listen_on(asio::ip::tcp::acceptor& acceptor, const config::listen_address& addr,
               std::string_view key) {
    auto ec = open_and_bind(acceptor, endpoint_of<asio::ip::tcp::endpoint>(addr, key));
    if (!ec) {
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        fail(addr, key, ec);
    }
}

void bind_to(asio::ip::udp::socket& socket, const config::listen_address& addr,
             std::string_view key) {
    if (auto ec = open_and_bind(socket, endpoint_of<asio::ip::udp::endpoint>(addr, key))) {
        fail(addr, key, ec);
    }
}

}  // namespace alarmd::sys
