#pragma once
// An SMS back end: `http` (http_gateway.hpp) sends each message as an HTTP request; `log` only
// records, for demos and tests; SMPP comes in its own issue. Gateways answer on the io_context
// thread.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "daemon/config/config.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace alarmd::notify {

struct sms_message {
    std::string to;    // E.164 phone number
    std::string text;  // UTF-8
    std::string ref;   // incident/stage, for logs and receipts
};

struct sms_result {
    bool accepted = false;
    std::string gateway;     // which gateway answered
    std::string message_id;  // the gateway's id when accepted
    std::string error;       // why not, when not accepted
};

using sms_done = std::function<void(sms_result)>;

class sms_gateway {
public:
    virtual ~sms_gateway() = default;
    [[nodiscard]] virtual const std::string& name() const = 0;
    virtual void send(const sms_message& m, sms_done done) = 0;
};

// Tries the gateways in their configured order until one accepts (fail-over).
// Held by shared_ptr: a send in flight keeps its dispatcher (and gateways) alive across a reload
// that replaces them.
class sms_dispatcher : public std::enable_shared_from_this<sms_dispatcher> {
public:
    // Builds the gateways the config lists that this build can drive (network gateways work on
    // `ioc`); the others are reported in `skipped` (name and reason) so start-up can log them.
    sms_dispatcher(boost::asio::io_context& ioc, const config::sms_config& cfg);

    void send(sms_message m, sms_done done);

    [[nodiscard]] const std::vector<std::string>& skipped() const { return skipped_; }
    [[nodiscard]] bool empty() const { return gateways_.empty(); }

private:
    void attempt(std::size_t index, std::shared_ptr<sms_message> m, std::string errors,
                 sms_done done);

    std::vector<std::unique_ptr<sms_gateway>> gateways_;
    std::vector<std::string> skipped_;
};

// Phone numbers in logs keep their first 5 and last 2 digits: +8613*******01.
[[nodiscard]] std::string masked_phone(const std::string& phone);

}  // namespace alarmd::notify
