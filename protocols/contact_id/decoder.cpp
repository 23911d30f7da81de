#include "protocols/contact_id/decoder.hpp"

#include "protocols/contact_id/error.hpp"
#include "protocols/contact_id/event_codes.hpp"

namespace alarmd::protocols::contact_id {
namespace {

constexpr std::size_t max_account_digits = 16;
constexpr std::size_t event_size = 11;  // "QEEE GG CCC"

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// n decimal digits at text[pos], or -1.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return -1;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

result<event> decode(std::string_view data) {
    event ev;
    if (!data.empty() && data.front() == '#') {
        const std::size_t bar = data.find('|');
        if (bar == std::string_view::npos) {
            return make_error_code(errc::bad_account);
        }
        const std::string_view account = data.substr(1, bar - 1);
        if (account.empty() || account.size() > max_account_digits) {
            return make_error_code(errc::bad_account);
        }
        for (const char c : account) {
            if (!is_hex(c)) {
                return make_error_code(errc::bad_account);
            }
        }
        ev.account = account;
        data.remove_prefix(bar + 1);
    } else if (!data.empty() && data.front() == '|') {
        data.remove_prefix(1);  // empty account part, seen from real panels (PYS)
    }

    if (data.size() != event_size) {
        return make_error_code(errc::bad_length);
    }
    switch (data[0]) {
        case '1':
            ev.qual = qualifier::new_event;
            break;
        case '3':
            ev.qual = qualifier::restore;
            break;
        case '6':
            ev.qual = qualifier::status;
            break;
        default:
            return make_error_code(errc::bad_qualifier);
    }
    ev.code = digits(data, 1, 3);
    if (ev.code < 0) {
        return make_error_code(errc::bad_event_code);
    }
    if (data[4] != ' ' || data[7] != ' ') {
        return make_error_code(errc::bad_separator);
    }
    ev.partition = digits(data, 5, 2);
    if (ev.partition < 0) {
        return make_error_code(errc::bad_partition);
    }
    ev.zone = digits(data, 8, 3);
    if (ev.zone < 0) {
        return make_error_code(errc::bad_zone);
    }
    ev.is_user = is_user_code(ev.code);
    return ev;
}

}  // namespace alarmd::protocols::contact_id
