#include "protocols/ami/encoder.hpp"

#include <array>

namespace alarmd::protocols::ami {
namespace {

void append_clean(std::string& out, std::string_view text, bool key) {
    for (const char c : text) {
        out += c == '\r' || c == '\n' || (key && c == ':') ? ' ' : c;
    }
}

void append_line(std::string& out, std::string_view key, std::string_view value) {
    append_clean(out, key, true);
    out += ": ";
    append_clean(out, value, false);
    out += "\r\n";
}

}  // namespace

std::string encode_action(std::string_view action, std::string_view action_id,
                          std::span<const field> extra) {
    std::string out;
    append_line(out, "Action", action);
    if (!action_id.empty()) {
        append_line(out, "ActionID", action_id);
    }
    for (const field& f : extra) {
        append_line(out, f.key, f.value);
    }
    out += "\r\n";
    return out;
}

std::string login_action(std::string_view action_id, std::string_view username,
                         std::string_view secret, std::string_view events) {
    const std::array<field, 3> extra{field{"Username", std::string{username}},
                                     field{"Secret", std::string{secret}},
                                     field{"Events", std::string{events}}};
    return encode_action("Login", action_id, extra);
}

std::string ping_action(std::string_view action_id) {
    return encode_action("Ping", action_id);
}

std::string logoff_action(std::string_view action_id) {
    return encode_action("Logoff", action_id);
}

}  // namespace alarmd::protocols::ami
