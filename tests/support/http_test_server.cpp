#include "tests/support/http_test_server.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <cctype>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace alarmd::test {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct http_test_server::impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc};
    std::optional<asio::ssl::context> tls;
    std::vector<std::shared_ptr<void>> held;  // connections answered with nothing
};

http_test_server::http_test_server(canned_answer answer, std::filesystem::path cert,
                                   std::filesystem::path key)
    : impl_(std::make_unique<impl>()), answer_(std::move(answer)) {
    if (!cert.empty()) {
        impl_->tls.emplace(asio::ssl::context::tls_server);
        impl_->tls->use_certificate_chain_file(cert.string());
        impl_->tls->use_private_key_file(key.string(), asio::ssl::context::pem);
    }
    const tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
    impl_->acceptor.open(at.protocol());
    impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
    impl_->acceptor.bind(at);
    impl_->acceptor.listen();
    port_ = impl_->acceptor.local_endpoint().port();
    thread_ = std::thread([this] { run(); });
}

http_test_server::~http_test_server() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    // Wake the blocking accept with a connection of our own.
    try {
        asio::io_context ioc;
        tcp::socket s(ioc);
        s.connect(
            tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port_)));
    } catch (const std::exception&) {
    }
    thread_.join();
}

void http_test_server::answer_with(canned_answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
}

std::optional<received_request> http_test_server::next(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, wait, [this] { return !queue_.empty(); })) {
        return std::nullopt;
    }
    auto r = std::move(queue_.front());
    queue_.pop_front();
    return r;
}

std::size_t http_test_server::count() const {
    std::lock_guard lock(mutex_);
    return count_;
}

// Reads one request, records it and answers it; false when it was not answered on purpose.
template <class Stream>
bool http_test_server::serve(Stream& stream) {
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> req;
    boost::system::error_code ec;
    bhttp::read(stream, buffer, req, ec);
    if (ec) {
        return true;
    }
    received_request r{std::string(req.method_string()), std::string(req.target()), {}, req.body()};
    for (const auto& f : req) {
        std::string name(f.name_string());
        for (auto& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        r.headers[name] = std::string(f.value());
    }
    canned_answer a;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(r));
        ++count_;
        a = answer_;
    }
    arrived_.notify_all();
    if (a.never) {
        return false;
    }
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(a.status), 11};
    res.reason(a.reason);
    res.set(bhttp::field::content_type, "text/plain; charset=utf-8");
    res.body() = a.body;
    res.keep_alive(false);
    res.prepare_payload();
    bhttp::write(stream, res, ec);
    return true;
}

void http_test_server::run() {
    for (;;) {
        tcp::socket socket(impl_->ioc);
        boost::system::error_code ec;
        impl_->acceptor.accept(socket, ec);
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                return;
            }
        }
        if (ec) {
            continue;
        }
        // A client that sends nothing must not stall the server for ever.
        timeval tv{10, 0};
        ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        if (impl_->tls) {
            auto tls =
                std::make_shared<asio::ssl::stream<tcp::socket>>(std::move(socket), *impl_->tls);
            tls->handshake(asio::ssl::stream_base::server, ec);
            if (!ec && !serve(*tls)) {
                impl_->held.push_back(tls);  // kept open, unanswered, until the server goes
            }
        } else if (!serve(socket)) {
            impl_->held.push_back(std::make_shared<tcp::socket>(std::move(socket)));
        }
        // Anything else closes here (the socket's destructor).
    }
}

int closed_port() {
    asio::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

}  // namespace alarmd::test
