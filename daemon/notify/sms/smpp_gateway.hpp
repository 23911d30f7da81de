#pragma once
// The SMPP 3.4 SMS gateway: alarmd is the ESME. One long-lived connection to the SMSC: it
// connects (name resolution off the event loop), binds (transceiver by default, so receipts
// come back on the same connection), keeps at most `window` submit_sm awaiting their answer,
// sends enquire_link when idle, and reconnects with back-off when the connection breaks.
//
// A message is accepted when every one of its parts (UCS-2 or GSM, concatenated with a UDH
// when long) is accepted; its id is the first part's message_id. ESME_RTHROTTLED, a full
// queue and other temporary errors pause the submits and retry the part (up to `retries`
// times); permanent errors fail the message. Parts unanswered when the connection breaks are
// sent again after the reconnect; when the SMSC cannot be reached (or refuses the bind) the
// waiting messages fail at once with the reason, so the dispatcher hands them to the next
// gateway, and so do messages sent while it is down. Delivery receipts are matched to the
// messages they report and handed to the receipt handler.
//
// Everything runs on the io_context thread. The gateway's state is shared with its pending
// operations: destroying the gateway drains it (what is queued is still sent, then unbind and
// close), and every `done` is called exactly once.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "daemon/config/config.hpp"
#include "daemon/notify/sms/sms_gateway.hpp"

namespace boost::asio {
class io_context;
}

namespace alarmd::notify {

class smpp_gateway final : public sms_gateway {
public:
    smpp_gateway(boost::asio::io_context& ioc, const config::sms_gateway& cfg);
    ~smpp_gateway() override;
    smpp_gateway(const smpp_gateway&) = delete;
    smpp_gateway& operator=(const smpp_gateway&) = delete;

    [[nodiscard]] const std::string& name() const override;
    void send(const sms_message& m, sms_done done) override;

    void on_receipt(sms_receipt_handler h) override;
    // Bound to the SMSC now.
    [[nodiscard]] bool bound() const;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace alarmd::notify
