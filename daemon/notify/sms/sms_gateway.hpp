#pragma once
// An SMS back end: `http` (http_gateway.hpp) sends each message as an HTTP request; `log` only
// records, for demos and tests; SMPP comes in its own issue. Gateways answer on the io_context
// thread.
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "daemon/config/config.hpp"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace alarmd::notify {

struct sms_message {
    sms_message() = default;
    sms_message(std::string to_, std::string text_, std::string ref_, std::string recipient_ = {},
                bool bulk_ = false)
        : to(std::move(to_)),
          text(std::move(text_)),
          ref(std::move(ref_)),
          recipient(std::move(recipient_)),
          bulk(bulk_) {}

    std::string to;         // E.164 phone number
    std::string text;       // UTF-8
    std::string ref;        // "INCIDENT/STAGE", for logs and receipts
    std::string recipient;  // who it is for (a person's id, "resident:B/U"), for receipts
    bool bulk = false;      // residents' notices: sent after every waiting urgent message
    // Called once, when the message leaves the queue for the first gateway; the message goes
    // only when `go` is called (the caller records first that it was handed over, so that a
    // restart does not send it again).
    std::function<void(std::function<void()> go)> before_send;
};

struct sms_result {
    bool accepted = false;
    std::string gateway;     // which gateway answered
    std::string message_id;  // the gateway's id when accepted
    std::string error;       // why not, when not accepted
    bool rate_limited = false;  // held back by sms.per_recipient_per_minute, never sent
};

using sms_done = std::function<void(sms_result)>;

// What a delivery receipt said about a message a gateway submitted.
struct sms_receipt {
    std::string gateway;
    std::string message_id;
    std::string ref;  // the message's ref (incident/stage)
    std::string to;
    std::string recipient;  // the message's recipient
    bool delivered = false;
    std::string state;  // "delivered", "undeliverable", "expired", ...
    std::string error;  // the receipt's err: field, when not delivered
};

using sms_receipt_handler = std::function<void(const sms_receipt&)>;


class sms_gateway {
public:
    virtual ~sms_gateway() = default;
    [[nodiscard]] virtual const std::string& name() const = 0;
    virtual void send(const sms_message& m, sms_done done) = 0;
    // Where delivery receipts of this gateway's messages go (set before the first send);
    // gateways without receipts ignore it.
    virtual void on_receipt(sms_receipt_handler) {}
};

// In front of the gateways: a message goes to them in their configured order until one accepts
// (fail-over). At most `max_in_flight` messages are with the gateways at once; the others wait,
// urgent ones (managers, team leads) before bulk ones (residents' notices), so 1,000 residents
// go out at the gateways' pace without holding back a manager's escalation. A number that got
// `per_recipient_per_minute` messages in the last minute gets no more for now (rate_limited).
// Held by shared_ptr: a send in flight keeps its dispatcher (and gateways) alive across a reload
// that replaces them; a replaced dispatcher finishes what it holds, then its gateways drain.
class sms_dispatcher : public std::enable_shared_from_this<sms_dispatcher> {
public:
    // Builds the gateways the config lists (network gateways work on `ioc`); the ones it cannot
    // drive are reported in `skipped` (name and reason) so start-up can log them.
    sms_dispatcher(boost::asio::io_context& ioc, const config::sms_config& cfg);
    // With gateways built by the caller (tests, a gateway of its own), in priority order.
    sms_dispatcher(const config::sms_config& cfg,
                   std::vector<std::unique_ptr<sms_gateway>> gateways);

    void send(sms_message m, sms_done done);
    // Delivery receipts of every gateway that reports them.
    void on_receipt(const sms_receipt_handler& h);

    [[nodiscard]] const std::vector<std::string>& skipped() const { return skipped_; }
    [[nodiscard]] bool empty() const { return gateways_.empty(); }
    [[nodiscard]] std::size_t waiting() const { return urgent_.size() + bulk_.size(); }

private:
    struct queued {
        std::shared_ptr<sms_message> m;
        sms_done done;
    };

    [[nodiscard]] bool over_rate(const std::string& phone);
    void pump();
    void attempt(std::size_t index, std::shared_ptr<sms_message> m, std::string errors,
                 sms_done done);

    config::sms_config cfg_;
    std::vector<std::unique_ptr<sms_gateway>> gateways_;
    std::vector<std::string> skipped_;
    std::deque<queued> urgent_;
    std::deque<queued> bulk_;
    std::size_t in_flight_ = 0;
    bool pumping_ = false;
    // Send times in the last minute, by number (pruned as it is read; stale numbers are swept
    // when the map grows).
    std::unordered_map<std::string, std::deque<std::chrono::steady_clock::time_point>> recent_;
};

// Phone numbers in logs keep their first 5 and last 2 digits: +8613*******01.
[[nodiscard]] std::string masked_phone(const std::string& phone);

}  // namespace alarmd::notify
