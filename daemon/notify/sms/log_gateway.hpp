#pragma once
// The `log` SMS gateway: accepts every message and writes one log line (masked number, length).
#include <cstdint>

#include "daemon/notify/sms/sms_gateway.hpp"

namespace alarmd::notify {

class log_gateway final : public sms_gateway {
public:
    explicit log_gateway(std::string name) : name_(std::move(name)) {}
    [[nodiscard]] const std::string& name() const override { return name_; }
    void send(const sms_message& m, sms_done done) override;

private:
    std::string name_;
    std::uint64_t sent_ = 0;
};

}  // namespace alarmd::notify
