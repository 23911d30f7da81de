#include "daemon/ingest/sia/udp.hpp"
#include "daemon/sys/listen.hpp"

#include <array>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "daemon/sys/log.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"

namespace alarmd::ingest {
namespace asio = boost::asio;
namespace dc09 = protocols::sia_dc09;
using udp = asio::ip::udp;

namespace {

const auto& log() {
    static auto l = sys::logger("ingest.sia");
    return l;
}

}  // namespace

struct sia_udp::impl : std::enable_shared_from_this<impl> {
    impl(asio::io_context& io, config::listen_address a, sia_handler hs, sia_udp_options o)
        : ioc(io), address(std::move(a)), h(std::move(hs)), options(o), socket(io) {}

    asio::io_context& ioc;
    config::listen_address address;
    sia_handler h;
    sia_udp_options options;
    udp::socket socket;
    std::uint16_t bound_port = 0;
    bool stopping = false;
    std::size_t in_flight = 0;
    std::uint64_t dropped = 0;
    std::array<char, 65536> buffer{};
    udp::endpoint from;

    void do_receive() {
        socket.async_receive_from(
            asio::buffer(buffer), from,
            [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                self->on_receive(ec, n);
            });
    }

    void on_receive(boost::system::error_code ec, std::size_t n) {
        if (ec == asio::error::operation_aborted || stopping || !socket.is_open()) {
            return;
        }
        if (!ec) {
            handle(std::string_view(buffer.data(), n));
        } else if (ec != asio::error::message_size) {
            // ICMP port unreachable from an earlier answer, and the like: keep receiving.
            log()->debug("event=udp_receive_failed reason=\"{}\"", ec.message());
        }
        do_receive();
    }

    void handle(std::string_view datagram) {
        if (in_flight >= options.max_in_flight) {
            if (dropped++ % 1000 == 0) {
                log()->warn(
                    "event=datagram_dropped what=sia_udp reason=max_in_flight limit={} "
                    "dropped={}",
                    options.max_in_flight, dropped);
            }
            return;
        }
        ++in_flight;
        const auto to = from;
        const auto d = dc09::parse_datagram(datagram, h.keys);
        peer peer{transport_kind::udp, to.address().to_string(), to.port()};
        h.on_frame(d, peer, datagram, [self = shared_from_this(), to](std::string answer, bool) {
            --self->in_flight;
            self->send(to, std::move(answer));
        });
    }

    void send(const udp::endpoint& to, std::string answer) {
        if (answer.empty() || !socket.is_open()) {
            return;
        }
        auto bytes = std::make_shared<std::string>(std::move(answer));
        socket.async_send_to(asio::buffer(*bytes), to,
                             [bytes](boost::system::error_code, std::size_t) {});
    }
};

sia_udp::sia_udp(asio::io_context& ioc, config::listen_address address, sia_handler h,
                 sia_udp_options options)
    : impl_(std::make_shared<impl>(ioc, std::move(address), std::move(h), options)) {}

sia_udp::~sia_udp() {
    stop();
    boost::system::error_code ignored;
    impl_->socket.close(ignored);
}

void sia_udp::listen() {
    const auto& addr = impl_->address;
    auto& s = impl_->socket;
    sys::bind_to(s, addr, "ingest.sia.udp");
    impl_->bound_port = s.local_endpoint().port();
    log()->info("event=listening what=sia_udp address={}:{}", addr.host, impl_->bound_port);
    impl_->do_receive();
}

void sia_udp::stop() {
    if (!impl_ || impl_->stopping) {
        return;
    }
    // The pending receive is left to the socket's end (cancelling would also abort answers
    // being sent); what it brings in now is ignored.
    impl_->stopping = true;
}

std::uint16_t sia_udp::port() const {
    return impl_->bound_port;
}

}  // namespace alarmd::ingest
