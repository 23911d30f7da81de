#include "protocols/sia_dc09/validate.hpp"

#include "protocols/sia_dc09/error.hpp"

namespace alarmd::protocols::sia_dc09 {

result<void> validate(const frame& f, std::chrono::system_clock::time_point now,
                      const timestamp_window& window) {
    const message_type type = f.header.type();
    if (is_response(type)) {
        return make_error_code(errc::not_a_request);
    }
    if (!is_event(type)) {
        return make_error_code(errc::unsupported_token);
    }
    if (!f.body.timestamp) {
        if (f.header.encrypted) {
            return make_error_code(errc::missing_timestamp);
        }
        return {};
    }
    const std::chrono::system_clock::time_point sent = *f.body.timestamp;
    if (sent < now - window.before) {
        return make_error_code(errc::stale_timestamp);
    }
    if (sent > now + window.after) {
        return make_error_code(errc::future_timestamp);
    }
    return {};
}

}  // namespace alarmd::protocols::sia_dc09
