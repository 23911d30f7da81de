#include "daemon/ctl/http_client.hpp"

#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace alarmd::ctl {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

class client_category_impl : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "alarmctl.client"; }
    std::string message(int ev) const override {
        switch (static_cast<client_errc>(ev)) {
            case client_errc::resolve_timed_out:
                return "name lookup timed out";
            case client_errc::connect_timed_out:
                return "connection timed out";
            case client_errc::answer_timed_out:
                return "connected, but no answer in time";
            case client_errc::answer_too_large:
                return "the answer is too large";
        }
        return "unknown error";
    }
};

std::string host_header(const server_url& url) {
    const bool ipv6 = url.host.find(':') != std::string::npos;
    std::string h = ipv6 ? "[" + url.host + "]" : url.host;
    if (url.port != (url.tls ? "443" : "80")) {
        h += ":" + url.port;
    }
    return h;
}

}  // namespace

const boost::system::error_category& client_category() noexcept {
    static const client_category_impl category;
    return category;
}

error_code make_error_code(client_errc e) noexcept {
    return {static_cast<int>(e), client_category()};
}

std::string url_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                                c == '~';
        if (unreserved) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0x0F]);
        }
    }
    return out;
}

http_client::http_client(server_url url, std::string token, std::chrono::milliseconds timeout,
                         std::string ca_file)
    : url_(std::move(url)),
      token_(std::move(token)),
      timeout_(timeout),
      ca_file_(std::move(ca_file)) {}

boost::system::result<http_reply> http_client::get(std::string_view target) {
    return call(false, target, {});
}

boost::system::result<http_reply> http_client::post(std::string_view target,
                                                    std::string json_body) {
    return call(true, target, std::move(json_body));
}

// The steps run as async operations on a private io_context because only the async forms
// honour tcp_stream's deadlines; run() returns when the chain ends one way or the other.
boost::system::result<http_reply> http_client::call(bool post, std::string_view target,
                                                    std::string body) {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    asio::steady_timer resolve_deadline(ioc);
    beast::tcp_stream stream(ioc);
    beast::flat_buffer buffer;

    bhttp::request<bhttp::string_body> req{post ? bhttp::verb::post : bhttp::verb::get,
                                           url_.prefix + std::string(target), 11};
    req.set(bhttp::field::host, host_header(url_));
    req.set(bhttp::field::user_agent, "alarmctl");
    if (!token_.empty()) {
        req.set(bhttp::field::authorization, "Bearer " + token_);
    }
    if (post) {
        req.set(bhttp::field::content_type, "application/json");
        req.body() = std::move(body);
    }
    req.keep_alive(false);
    req.prepare_payload();

    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(max_answer_bytes);

    error_code failure;
    bool resolved = false;
    bool answered = false;

    // https://: a TLS stream is put over the connection once it is made.
    std::optional<asio::ssl::context> tls;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    if (url_.tls) {
        tls.emplace(asio::ssl::context::tls_client);
        error_code ec;
        if (ca_file_.empty()) {
            tls->set_default_verify_paths(ec);
        } else {
            tls->load_verify_file(ca_file_, ec);
        }
        if (ec) {
            return ec;
        }
        tls->set_verify_mode(asio::ssl::verify_peer);
    }
    auto close = [&] {
        beast::error_code ignored;
        auto& socket = secure ? beast::get_lowest_layer(*secure).socket() : stream.socket();
        socket.shutdown(tcp::socket::shutdown_both, ignored);
    };

    // Neither Asio nor Beast puts a deadline on name lookup.
    resolve_deadline.expires_after(timeout_);
    resolve_deadline.async_wait([&](error_code ec) {
        if (!ec && !resolved) {
            failure = client_errc::resolve_timed_out;
            resolver.cancel();
        }
    });
    auto on_read = [&](error_code ec, std::size_t) {
        if (ec == beast::error::timeout) {
            failure = client_errc::answer_timed_out;
        } else if (ec == bhttp::error::body_limit) {
            failure = client_errc::answer_too_large;
        } else if (ec) {
            failure = ec;
        } else {
            answered = true;
        }
        close();
    };
    // The request and its answer, over the plain or the TLS stream.
    auto exchange = [&](auto& s) {
        bhttp::async_write(s, req, [&](error_code ec, std::size_t) {
            if (ec) {
                failure = ec == beast::error::timeout
                              ? make_error_code(client_errc::answer_timed_out)
                              : ec;
                return;
            }
            bhttp::async_read(s, buffer, parser, on_read);
        });
    };
    auto on_connect = [&](error_code ec, const tcp::endpoint&) {
        if (ec) {
            failure =
                ec == beast::error::timeout ? make_error_code(client_errc::connect_timed_out) : ec;
            return;
        }
        // One deadline covers the TLS handshake, sending the request and reading the answer.
        stream.expires_after(timeout_);
        if (!url_.tls) {
            return exchange(stream);
        }
        secure.emplace(std::move(stream), *tls);
        error_code not_ip;
        asio::ip::make_address(url_.host, not_ip);
        if (not_ip) {  // SNI is for names only
            SSL_set_tlsext_host_name(secure->native_handle(), url_.host.c_str());
        }
        secure->set_verify_callback(asio::ssl::host_name_verification(url_.host));
        secure->async_handshake(asio::ssl::stream_base::client, [&](error_code hec) {
            if (hec) {
                failure = hec == beast::error::timeout
                              ? make_error_code(client_errc::answer_timed_out)
                              : hec;
                close();
                return;
            }
            exchange(*secure);
        });
    };
    resolver.async_resolve(url_.host, url_.port,
                           [&](error_code ec, const tcp::resolver::results_type& results) {
                               resolved = true;
                               resolve_deadline.cancel();
                               if (ec) {
                                   if (!failure) {
                                       failure = ec;
                                   }
                                   return;
                               }
                               stream.expires_after(timeout_);
                               stream.async_connect(results, on_connect);
                           });
    ioc.run();

    if (!answered) {
        return failure ? failure : make_error_code(client_errc::answer_timed_out);
    }
    auto& res = parser.get();
    http_reply reply;
    reply.status = res.result_int();
    reply.content_type = std::string(res[bhttp::field::content_type]);
    reply.body = std::move(res.body());
    return reply;
}

}  // namespace alarmd::ctl
