#pragma once
// Binding a listener to a configured address. A failure throws std::runtime_error naming the
// address and the config key: a daemon that cannot listen must not report itself ready.
#include <string_view>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include "daemon/config/config.hpp"

namespace alarmd::sys {

// Opens, binds (SO_REUSEADDR) and listens. `key` is the config key, for the message.
void listen_on(boost::asio::ip::tcp::acceptor& acceptor, const config::listen_address& addr,
               std::string_view key);

// Opens and binds (SO_REUSEADDR) a datagram socket.
void bind_to(boost::asio::ip::udp::socket& socket, const config::listen_address& addr,
             std::string_view key);

}  // namespace alarmd::sys
