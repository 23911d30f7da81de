#include "protocols/sia_dc03/decoder.hpp"

#include "protocols/sia_dc03/error.hpp"

namespace alarmd::protocols::sia_dc03 {
namespace {

constexpr std::size_t max_account_digits = 16;

bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

template <class Pred>
std::string_view take_while(std::string_view& text, Pred pred) {
    std::size_t n = 0;
    while (n < text.size() && pred(text[n])) {
        ++n;
    }
    const std::string_view run = text.substr(0, n);
    text.remove_prefix(n);
    return run;
}

// An optional ^name^ after a modifier or an event.
result<std::string> take_text(std::string_view& text) {
    if (text.empty() || text.front() != '^') {
        return std::string{};
    }
    const std::size_t close = text.find('^', 1);
    if (close == std::string_view::npos) {
        return make_error_code(errc::unterminated_text);
    }
    std::string name{text.substr(1, close - 1)};
    text.remove_prefix(close + 1);
    return name;
}

result<std::optional<std::string>> take_account(std::string_view& data) {
    if (!data.empty() && data.front() == '|') {
        data.remove_prefix(1);  // empty account part (PYS "[|Nri1/CL501]")
        return std::optional<std::string>{};
    }
    if (data.empty() || data.front() != '#') {
        return std::optional<std::string>{};  // no account part at all ("[Nri1/WA000]")
    }
    const std::size_t bar = data.find('|');
    if (bar == std::string_view::npos) {
        return make_error_code(errc::bad_account);
    }
    const std::string_view account = data.substr(1, bar - 1);
    if (account.size() > max_account_digits) {
        return make_error_code(errc::bad_account);
    }
    for (const char c : account) {
        if (!is_hex(c)) {
            return make_error_code(errc::bad_account);
        }
    }
    data.remove_prefix(bar + 1);
    if (account.empty()) {
        return std::optional<std::string>{};
    }
    return std::optional<std::string>{std::string{account}};
}

// A new value replaces the one of the same name and keeps its place.
void set_modifier(std::vector<modifier>& active, modifier m) {
    for (modifier& old : active) {
        if (old.name == m.name) {
            old = std::move(m);
            return;
        }
    }
    active.push_back(std::move(m));
}

}  // namespace

result<message> decode(std::string_view data, const limits& lim) {
    message msg;
    auto account = take_account(data);
    if (!account) {
        return account.error();
    }
    msg.account = std::move(*account);
    if (data.empty()) {
        return msg;
    }
    if (data.front() != 'N' && data.front() != 'O') {
        return make_error_code(errc::bad_kind);
    }
    msg.kind = static_cast<message_kind>(data.front());
    data.remove_prefix(1);

    std::vector<modifier> active;
    while (!data.empty()) {
        const char c = data.front();
        if (c == '|') {
            if (data.size() < 2 || data[1] != 'A') {
                return make_error_code(errc::bad_block);
            }
            msg.text = std::string{data.substr(2)};
            return msg;
        }
        if (c == '/') {
            data.remove_prefix(1);
            continue;
        }
        if (data.size() >= 2 && is_lower(c) && is_lower(data[1])) {
            modifier m;
            m.name = data.substr(0, 2);
            data.remove_prefix(2);
            m.value = take_while(data, [](char v) { return is_digit(v) || v == ':'; });
            if (m.value.empty()) {
                return make_error_code(errc::bad_modifier);
            }
            auto name = take_text(data);
            if (!name) {
                return name.error();
            }
            m.text = std::move(*name);
            set_modifier(active, std::move(m));
            continue;
        }
        if (data.size() >= 2 && is_upper(c) && is_upper(data[1])) {
            if (msg.events.size() >= lim.max_events) {
                return make_error_code(errc::too_many_events);
            }
            event ev;
            ev.code = data.substr(0, 2);
            data.remove_prefix(2);
            ev.param = take_while(data, is_digit);
            auto name = take_text(data);
            if (!name) {
                return name.error();
            }
            ev.text = std::move(*name);
            ev.modifiers = active;
            msg.events.push_back(std::move(ev));
            continue;
        }
        return make_error_code(errc::bad_code);
    }
    return msg;
}

}  // namespace alarmd::protocols::sia_dc03
