#include "daemon/notify/sms/http_gateway.hpp"
#include "daemon/notify/sms/log_gateway.hpp"
#include "daemon/notify/sms/sms_gateway.hpp"

namespace alarmd::notify {

sms_dispatcher::sms_dispatcher(boost::asio::io_context& ioc, const config::sms_config& cfg) {
    for (const auto& g : cfg.gateways) {
        switch (g.type) {
            case config::gateway_type::log:
                gateways_.push_back(std::make_unique<log_gateway>(g.name));
                break;
            case config::gateway_type::http:
                gateways_.push_back(std::make_unique<http_gateway>(ioc, g));
                break;
            case config::gateway_type::smpp:
                skipped_.push_back(g.name + " (smpp gateways are not in this build yet)");
                break;
        }
    }
}

void sms_dispatcher::send(sms_message m, sms_done done) {
    attempt(0, std::make_shared<sms_message>(std::move(m)), {}, std::move(done));
}

void sms_dispatcher::attempt(std::size_t index, std::shared_ptr<sms_message> m,
                             std::string errors, sms_done done) {
    if (index >= gateways_.size()) {
        done(sms_result{false, {}, {},
                        errors.empty() ? "no SMS gateway configured" : std::move(errors)});
        return;
    }
    auto& gw = *gateways_[index];
    gw.send(*m, [self = shared_from_this(), index, m, errors, done = std::move(done),
                 name = gw.name()](
                    sms_result r) mutable {
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
