#include "daemon/wire/json_text.hpp"

#include <charconv>

namespace alarmd::wire {

json_text& json_text::key(std::string_view k) {
    sep();
    quoted(k);
    out_.push_back(':');
    return *this;
}

json_text& json_text::str(std::string_view v) {
    sep();
    quoted(v);
    return *this;
}

json_text& json_text::num(std::int64_t v) {
    sep();
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, end);
    return *this;
}

// Escaped as boost::json does: the quote and the backslash, short forms for \b \t \n \f \r,
// \u00xx for the other control bytes; everything else (UTF-8 included) as it is.
void json_text::quoted(std::string_view s) {
    out_.push_back('"');
    append_json_escaped(out_, s);
    out_.push_back('"');
}

void append_json_escaped(std::string& out_, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') {
            continue;
        }
        out_.append(s.substr(run, i - run));
        run = i + 1;
        out_.push_back('\\');
        switch (c) {
            case '"':
            case '\\':
                out_.push_back(static_cast<char>(c));
                break;
            case '\b':
                out_.push_back('b');
                break;
            case '\t':
                out_.push_back('t');
                break;
            case '\n':
                out_.push_back('n');
                break;
            case '\f':
                out_.push_back('f');
                break;
            case '\r':
                out_.push_back('r');
                break;
            default:
                out_.append("u00");
                out_.push_back(hex[c >> 4]);
                out_.push_back(hex[c & 0xf]);
        }
    }
    out_.append(s.substr(run));
}

}  // namespace alarmd::wire
