#include "daemon/notify/sms/log_gateway.hpp"

#include "daemon/sys/log.hpp"

namespace alarmd::notify {

void log_gateway::send(const sms_message& m, sms_done done) {
    ++sent_;
    sys::logger("notify.sms")
        ->info("event=sms_logged gateway={} to={} ref={} chars={} text=\"{}\"", name_,
               masked_phone(m.to), m.ref, m.text.size(), m.text);
    done(sms_result{true, name_, name_ + "-" + std::to_string(sent_), {}});
}

}  // namespace alarmd::notify
