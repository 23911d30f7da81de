#include "daemon/sys/connection_limit.hpp"

namespace alarmd::sys {

connection_limit::slot& connection_limit::slot::operator=(slot&& other) noexcept {
    if (this != &other) {
        release();
        state_ = std::move(other.state_);
    }
    return *this;
}

connection_limit::slot::~slot() {
    release();
}

void connection_limit::slot::release() {
    if (state_) {
        --state_->open;
        state_.reset();
    }
}

connection_limit::connection_limit(std::size_t max) : state_(std::make_shared<state>()) {
    state_->max = max;
}

std::optional<connection_limit::slot> connection_limit::try_take() {
    if (state_->open >= state_->max) {
        return std::nullopt;
    }
    ++state_->open;
    return slot(state_);
}

}  // namespace alarmd::sys
