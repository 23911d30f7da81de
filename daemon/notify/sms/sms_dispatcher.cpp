#include "daemon/notify/sms/http_gateway.hpp"
#include "daemon/notify/sms/log_gateway.hpp"
#include "daemon/notify/sms/smpp_gateway.hpp"
#include "daemon/notify/sms/sms_gateway.hpp"
#include "daemon/sys/log.hpp"

namespace alarmd::notify {

sms_dispatcher::sms_dispatcher(boost::asio::io_context& ioc, const config::sms_config& cfg)
    : cfg_(cfg) {
    for (const auto& g : cfg.gateways) {
        switch (g.type) {
            case config::gateway_type::log:
                gateways_.push_back(std::make_unique<log_gateway>(g.name));
                break;
            case config::gateway_type::http:
                gateways_.push_back(std::make_unique<http_gateway>(ioc, g));
                break;
            case config::gateway_type::smpp:
                gateways_.push_back(std::make_unique<smpp_gateway>(ioc, g));
                break;
        }
    }
}

sms_dispatcher::sms_dispatcher(const config::sms_config& cfg,
                               std::vector<std::unique_ptr<sms_gateway>> gateways)
    : cfg_(cfg), gateways_(std::move(gateways)) {}

void sms_dispatcher::send(sms_message m, sms_done done) {
    if (over_rate(m.to)) {
        sys::logger("notify.sms")
            ->warn("event=sms_rate_limited to={} ref={} limit_per_minute={}", masked_phone(m.to),
                   m.ref, cfg_.per_recipient_per_minute);
        sms_result r{false,
                     {},
                     {},
                     "rate limited: " + std::to_string(cfg_.per_recipient_per_minute) +
                         " messages to this number in the last minute"};
        r.rate_limited = true;
        done(std::move(r));
        return;
    }
    auto& q = m.bulk ? bulk_ : urgent_;
    q.push_back({std::make_shared<sms_message>(std::move(m)), std::move(done)});
    pump();
}

void sms_dispatcher::on_receipt(const sms_receipt_handler& h) {
    for (auto& g : gateways_) {
        g->on_receipt(h);
    }
}

bool sms_dispatcher::over_rate(const std::string& phone) {
    if (cfg_.per_recipient_per_minute == 0) {
        return false;
    }
    const auto now = std::chrono::steady_clock::now();
    const auto minute_ago = now - std::chrono::minutes(1);
    if (recent_.size() > 10000) {
        std::erase_if(recent_, [&](const auto& kv) {
            return kv.second.empty() || kv.second.back() < minute_ago;
        });
    }
    auto& times = recent_[phone];
    while (!times.empty() && times.front() < minute_ago) {
        times.pop_front();
    }
    if (times.size() >= cfg_.per_recipient_per_minute) {
        return true;
    }
    times.push_back(now);
    return false;
}

// Hands waiting messages to the gateways while fewer than max_in_flight are there. A gateway
// may answer at once (log): the flag keeps that from recursing once per message.
void sms_dispatcher::pump() {
    if (pumping_) {
        return;
    }
    pumping_ = true;
    while (in_flight_ < cfg_.max_in_flight && (!urgent_.empty() || !bulk_.empty())) {
        auto& q = urgent_.empty() ? bulk_ : urgent_;
        auto next = std::move(q.front());
        q.pop_front();
        ++in_flight_;
        auto go = [self = shared_from_this(), m = next.m, done = std::move(next.done)]() mutable {
            self->attempt(0, std::move(m), {}, [self, done = std::move(done)](sms_result r) {
                --self->in_flight_;
                done(std::move(r));
                self->pump();
            });
        };
        if (auto before = std::move(next.m->before_send)) {
            next.m->before_send = nullptr;
            before(std::move(go));
        } else {
            go();
        }
    }
    pumping_ = false;
}

void sms_dispatcher::attempt(std::size_t index, std::shared_ptr<sms_message> m, std::string errors,
                             sms_done done) {
    if (index >= gateways_.size()) {
        done(sms_result{
            false, {}, {}, errors.empty() ? "no SMS gateway configured" : std::move(errors)});
        return;
    }
    auto& gw = *gateways_[index];
    gw.send(*m, [self = shared_from_this(), index, m, errors, done = std::move(done),
                 name = gw.name()](sms_result r) mutable {
        if (r.accepted) {
            done(std::move(r));
            return;
        }
        errors += (errors.empty() ? "" : "; ") + name + ": " + r.error;
        self->attempt(index + 1, std::move(m), std::move(errors), std::move(done));
    });
}

std::string masked_phone(const std::string& phone) {
    if (phone.size() <= 7) {
        return std::string(phone.size(), '*');
    }
    return phone.substr(0, 5) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 2);
}

}  // namespace alarmd::notify
