#include "daemon/notify/sms/http_gateway.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "daemon/config/duration.hpp"
#include "daemon/config/http_url.hpp"
#include "daemon/notify/sms/http_template.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::notify {
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

struct http_gateway::settings {
    std::string name;
    config::http_url url;
    std::string broken;  // why every send fails (a URL the loader would refuse, no TLS set-up)
    bhttp::verb method = bhttp::verb::post;
    std::vector<std::pair<std::string, std::string>> headers;  // never logged
    std::string body;
    value_encoding body_values = value_encoding::percent;
    bool add_content_type = false;  // no Content-Type configured: the form type goes with a body
    success_rule success;
    std::chrono::milliseconds timeout{};
    std::shared_ptr<ssl::context> tls;  // https: the system CA store, peers verified
};

namespace {

// An SMS gateway's answer is a line or a small JSON document; anything this big is not one.
constexpr std::size_t max_answer_bytes = 64 * 1024;

const auto& log() {
    static auto l = sys::logger("notify.sms");
    return l;
}

[[nodiscard]] bool is_address(const std::string& host) {
    error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

[[nodiscard]] bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// One message: name lookup, connection, TLS handshake (https), request, answer, all under one
// deadline. Every handler holds the request by shared_ptr; `finished_` makes `done` run once,
// whichever of the deadline and the last step comes first.
class request : public std::enable_shared_from_this<request> {
public:
    request(asio::io_context& ioc, std::shared_ptr<const http_gateway::settings> s,
            const sms_message& m, sms_done done)
        : s_(std::move(s)),
          to_(masked_phone(m.to)),
          ref_(m.ref),
          done_(std::move(done)),
          resolver_(ioc),
          deadline_(ioc),
          socket_(ioc) {
        if (s_->tls) {
            tls_.emplace(ioc, *s_->tls);
        }
        build(m);
        parser_.body_limit(max_answer_bytes);
    }

    void start() {
        deadline_.expires_after(s_->timeout);
        deadline_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec) {
                self->on_deadline();
            }
        });
        step_ = "resolving the host name";
        resolver_.async_resolve(
            s_->url.host, s_->url.port,
            [self = shared_from_this()](error_code ec, tcp::resolver::results_type results) {
                self->on_resolve(ec, std::move(results));
            });
    }

private:
    void build(const sms_message& m) {
        req_.method(s_->method);
        req_.target(fill_template(s_->url.target, m, value_encoding::percent));
        req_.version(11);
        req_.set(bhttp::field::host, s_->url.host_header());
        req_.set(bhttp::field::user_agent, "alarmd");
        for (const auto& [name, value] : s_->headers) {
            req_.set(name, value);
        }
        if (s_->method != bhttp::verb::get) {
            req_.body() = fill_template(s_->body, m, s_->body_values);
            if (s_->add_content_type && !req_.body().empty()) {
                req_.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
            }
            req_.prepare_payload();
        }
        req_.keep_alive(false);
    }

    [[nodiscard]] tcp::socket& socket() { return tls_ ? tls_->next_layer() : socket_; }

    [[nodiscard]] std::string peer() const {
        const auto& h = s_->url.host;
        return (h.find(':') != std::string::npos ? "[" + h + "]" : h) + ":" + s_->url.port;
    }

    void on_resolve(error_code ec, const tcp::resolver::results_type& results) {
        if (finished_) {
            return;
        }
        if (ec) {
            fail("cannot resolve " + s_->url.host + ": " + ec.message());
            return;
        }
        step_ = "connecting";
        asio::async_connect(socket(), results,
                            [self = shared_from_this()](error_code ec, const tcp::endpoint&) {
                                self->on_connect(ec);
                            });
    }

    void on_connect(error_code ec) {
        if (finished_) {
            return;
        }
        if (ec) {
            fail("cannot connect to " + peer() + ": " + ec.message());
            return;
        }
        if (!tls_) {
            write(socket_);
            return;
        }
        // The name the certificate must carry (or the address), checked by OpenSSL during the
        // handshake; SNI for names only.
        SSL* native = tls_->native_handle();
        const auto& host = s_->url.host;
        bool named = false;
        if (is_address(host)) {
            named = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(native), host.c_str()) == 1;
        } else {
            named = SSL_set_tlsext_host_name(native, host.c_str()) == 1 &&
                    SSL_set1_host(native, host.c_str()) == 1;
        }
        if (!named) {
            fail("cannot set up TLS for " + peer());
            return;
        }
        tls_->set_verify_mode(ssl::verify_peer);
        step_ = "TLS handshake";
        tls_->async_handshake(ssl::stream_base::client, [self = shared_from_this()](error_code ec) {
            self->on_handshake(ec);
        });
    }

    void on_handshake(error_code ec) {
        if (finished_) {
            return;
        }
        if (ec) {
            const long verify = SSL_get_verify_result(tls_->native_handle());
            if (verify != X509_V_OK) {
                fail("the certificate of " + peer() +
                     " is not trusted: " + X509_verify_cert_error_string(verify));
            } else {
                fail("TLS handshake with " + peer() + " failed: " + ec.message());
            }
            return;
        }
        write(*tls_);
    }

    template <class Stream>
    void write(Stream& stream) {
        step_ = "sending the request";
        bhttp::async_write(stream, req_,
                           [self = shared_from_this(), &stream](error_code ec, std::size_t) {
                               self->on_write(ec, stream);
                           });
    }

    template <class Stream>
    void on_write(error_code ec, Stream& stream) {
        if (finished_) {
            return;
        }
        if (ec) {
            fail("sending to " + peer() + " failed: " + ec.message());
            return;
        }
        step_ = "waiting for the answer";
        bhttp::async_read(
            stream, buffer_, parser_,
            [self = shared_from_this()](error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(error_code ec) {
        if (finished_) {
            return;
        }
        if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
            fail("the answer of " + peer() + " is larger than " +
                 std::to_string(max_answer_bytes / 1024) + " KiB");
            return;
        }
        if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
            fail(peer() + " closed the connection without a complete answer");
            return;
        }
        if (ec) {
            fail("reading the answer of " + peer() + " failed: " + ec.message());
            return;
        }
        const auto& res = parser_.get();
        const int status = res.result_int();
        const std::string_view reason(res.reason().data(), res.reason().size());
        if (auto why = refusal(s_->success, status, reason, res.body())) {
            fail(std::move(*why));
            return;
        }
        auto summary = answer_summary(status, reason, res.body());
        log()->debug("event=sms_accepted gateway={} to={} ref={} answer=\"{}\"", s_->name, to_,
                     ref_, summary);
        finish(sms_result{true, s_->name, std::move(summary), {}});
    }

    void on_deadline() {
        if (!finished_) {
            fail("no answer within " + config::format_duration(s_->timeout) + " (" + step_ + ")");
        }
    }

    void fail(std::string why) {
        log()->warn("event=sms_gateway_failed gateway={} to={} ref={} reason=\"{}\"", s_->name, to_,
                    ref_, why);
        finish(sms_result{false, s_->name, {}, std::move(why)});
    }

    // Stops whatever is under way (its handler then finds `finished_` and returns) and answers.
    void finish(sms_result r) {
        if (finished_) {
            return;
        }
        finished_ = true;
        deadline_.cancel();
        resolver_.cancel();
        error_code ignored;
        socket().shutdown(tcp::socket::shutdown_both, ignored);
        socket().close(ignored);
        auto done = std::move(done_);
        done_ = nullptr;
        done(std::move(r));
    }

    std::shared_ptr<const http_gateway::settings> s_;
    std::string to_;  // masked, for logs
    std::string ref_;
    sms_done done_;
    tcp::resolver resolver_;
    asio::steady_timer deadline_;
    tcp::socket socket_;                           // http://
    std::optional<ssl::stream<tcp::socket>> tls_;  // https://, its own socket
    beast::flat_buffer buffer_;
    bhttp::request<bhttp::string_body> req_;
    bhttp::response_parser<bhttp::string_body> parser_;
    const char* step_ = "starting";
    bool finished_ = false;
};

}  // namespace

http_gateway::http_gateway(asio::io_context& ioc, const config::sms_gateway& g) : ioc_(ioc) {
    auto s = std::make_shared<settings>();
    s->name = g.name;
    s->method = g.method == "GET"   ? bhttp::verb::get
                : g.method == "PUT" ? bhttp::verb::put
                                    : bhttp::verb::post;
    s->body = g.body;
    s->add_content_type = true;
    for (const auto& [name, value] : g.headers) {
        s->headers.emplace_back(name, value);
        if (same_name(name, "content-type")) {
            s->body_values = body_encoding(value);
            s->add_content_type = false;
        }
    }
    s->success = {g.success_status, g.success_match};
    s->timeout = g.timeout;
    if (auto u = config::parse_http_url(g.url)) {
        s->url = std::move(*u);
    } else {
        s->broken = "bad url: " + u.error();
    }
    if (s->broken.empty() && s->url.tls) {
        try {
            auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
            error_code ec;
            ctx->set_default_verify_paths(ec);
            SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
            if (ec) {
                s->broken = "cannot load the system CA certificates: " + ec.message();
            } else {
                s->tls = std::move(ctx);
            }
        } catch (const std::exception& e) {
            s->broken = std::string("cannot set up TLS: ") + e.what();
        }
    }
    if (!s->broken.empty()) {
        log()->error("event=sms_gateway_unusable gateway={} reason=\"{}\"", s->name, s->broken);
    }
    settings_ = std::move(s);
}

http_gateway::~http_gateway() = default;

const std::string& http_gateway::name() const {
    return settings_->name;
}

void http_gateway::send(const sms_message& m, sms_done done) {
    if (!settings_->broken.empty()) {
        // Answered from the loop, as every other send is: never inside the caller's call.
        asio::post(ioc_,
                   [s = settings_, to = masked_phone(m.to), ref = m.ref, done = std::move(done)] {
                       log()->warn("event=sms_gateway_failed gateway={} to={} ref={} reason=\"{}\"",
                                   s->name, to, ref, s->broken);
                       done(sms_result{false, s->name, {}, s->broken});
                   });
        return;
    }
    std::make_shared<request>(ioc_, settings_, m, std::move(done))->start();
}

}  // namespace alarmd::notify
