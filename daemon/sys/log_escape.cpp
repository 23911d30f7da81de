#include "daemon/sys/log_escape.hpp"

#include <algorithm>

namespace alarmd::sys {
namespace {

bool is_control(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

}  // namespace

bool log_text_is_plain(std::string_view text) {
    return std::none_of(text.begin(), text.end(), is_control);
}

std::string escape_log_text(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size() + 16);
    for (const char c : text) {
        switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\\':
                out += "\\\\";
                break;
            default:
                if (is_control(c)) {
                    const auto u = static_cast<unsigned char>(c);
                    out += "\\x";
                    out += hex[u >> 4];
                    out += hex[u & 0x0f];
                } else {
                    out += c;
                }
        }
    }
    return out;
}

}  // namespace alarmd::sys
