#pragma once
// The `http` SMS gateway: one HTTP/1.1 request per message (Kannel's sendsms, a cloud SMS API),
// made from the configured URL, method, headers and body with {to}, {text} and {ref} filled in.
// http:// or https:// (certificate and host name verified against the system CA store).
// Accepted when the status is a success status and the body holds `success_match`; anything
// else (no answer within `timeout`, a refused connection, a name that does not resolve, another
// status) is a failure with its reason, so the dispatcher tries the next gateway.
//
// Each request owns its state (sockets, timer, a shared copy of the settings): a gateway replaced
// by a reload while a request is under way leaves that request to finish, and its `done` is
// called exactly once.
#include <memory>
#include <string>

#include "daemon/notify/sms/sms_gateway.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace alarmd::notify {

class http_gateway final : public sms_gateway {
public:
    // `g` must have passed the config loader; a URL it could not split (or a TLS set-up that
    // failed) makes every send fail with the reason instead of throwing here.
    http_gateway(boost::asio::io_context& ioc, const config::sms_gateway& g);
    ~http_gateway() override;
    http_gateway(const http_gateway&) = delete;
    http_gateway& operator=(const http_gateway&) = delete;

    [[nodiscard]] const std::string& name() const override;
    void send(const sms_message& m, sms_done done) override;

    struct settings;  // immutable, shared by the gateway and its requests in flight

private:
    boost::asio::io_context& ioc_;
    std::shared_ptr<const settings> settings_;
};

}  // namespace alarmd::notify
