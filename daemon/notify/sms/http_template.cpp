#include "daemon/notify/sms/http_template.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "daemon/config/http_url.hpp"
#include "daemon/wire/json_text.hpp"

namespace alarmd::notify {

namespace {

constexpr std::size_t summary_body_bytes = 200;

[[nodiscard]] std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

[[nodiscard]] std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// The length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0.
[[nodiscard]] std::size_t utf8_length(std::string_view s) {
    const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const auto c0 = b(0);
    if (c0 < 0x80) {
        return 1;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
        n = 2;
    } else if (c0 >= 0xE0 && c0 <= 0xEF) {
        n = 3;
        lo = c0 == 0xE0 ? 0xA0 : 0x80;
        hi = c0 == 0xED ? 0x9F : 0xBF;
    } else if (c0 >= 0xF0 && c0 <= 0xF4) {
        n = 4;
        lo = c0 == 0xF0 ? 0x90 : 0x80;
        hi = c0 == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (s.size() < n || b(1) < lo || b(1) > hi) {
        return 0;
    }
    for (std::size_t i = 2; i < n; ++i) {
        if (b(i) < 0x80 || b(i) > 0xBF) {
            return 0;
        }
    }
    return n;
}

// `s` on one line: control characters made spaces, bytes that are not UTF-8 made '?', cut to
// `limit` bytes at a character boundary ("..." added), outer spaces trimmed.
[[nodiscard]] std::string one_line(std::string_view s, std::size_t limit) {
    std::string text;
    bool cut = false;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto n = utf8_length(s.substr(i));
        const auto width = n == 0 ? 1 : n;
        if (text.size() + width > limit) {
            cut = true;
            break;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (n == 0) {
            text.push_back('?');
        } else if (c < 0x20 || c == 0x7f) {
            text.push_back(' ');
        } else {
            text.append(s.substr(i, n));
        }
        i += width;
    }
    std::string out(trim(text));
    if (cut) {
        out += "...";
    }
    return out;
}

}  // namespace

std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0x0F]);
        }
    }
    return out;
}

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    wire::append_json_escaped(out, s);
    return out;
}

value_encoding body_encoding(std::string_view content_type) {
    const auto media = lower(trim(content_type.substr(0, content_type.find(';'))));
    if (media.empty() || media == "application/x-www-form-urlencoded") {
        return value_encoding::percent;
    }
    if (media == "application/json" ||
        (media.ends_with("+json") && media.find('/') != std::string::npos)) {
        return value_encoding::json;
    }
    return value_encoding::raw;
}

std::string fill_template(std::string_view tmpl, const sms_message& m, value_encoding e) {
    const std::array<std::pair<std::string_view, const std::string*>, 3> values{{
        {"{to}", &m.to},
        {"{text}", &m.text},
        {"{ref}", &m.ref},
    }};
    static_assert(config::http_placeholders.size() == 3, "every placeholder is filled here");
    auto encoded = [e](const std::string& v) {
        switch (e) {
            case value_encoding::percent:
                return percent_encode(v);
            case value_encoding::json:
                return json_escape(v);
            case value_encoding::raw:
                break;
        }
        return v;
    };
    std::string out;
    out.reserve(tmpl.size() + m.text.size() * 3);
    std::size_t i = 0;
    while (i < tmpl.size()) {
        bool replaced = false;
        if (tmpl[i] == '{') {
            for (const auto& [name, value] : values) {
                if (tmpl.substr(i).starts_with(name)) {
                    out += encoded(*value);
                    i += name.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) {
            out.push_back(tmpl[i]);
            ++i;
        }
    }
    return out;
}

std::string answer_summary(int status, std::string_view reason, std::string_view body) {
    std::string out = "HTTP " + std::to_string(status);
    if (auto r = one_line(reason, 64); !r.empty()) {
        out += " " + r;
    }
    if (auto b = one_line(body, summary_body_bytes); !b.empty()) {
        out += ": " + b;
    }
    return out;
}

std::optional<std::string> refusal(const success_rule& rule, int status, std::string_view reason,
                                   std::string_view body) {
    const bool status_ok =
        rule.statuses.empty()
            ? status >= 200 && status <= 299
            : std::find(rule.statuses.begin(), rule.statuses.end(), status) != rule.statuses.end();
    if (!status_ok) {
        return answer_summary(status, reason, body);
    }
    if (!rule.match.empty() && body.find(rule.match) == std::string_view::npos) {
        return "the answer lacks '" + one_line(rule.match, 64) +
               "': " + answer_summary(status, reason, body);
    }
    return std::nullopt;
}

}  // namespace alarmd::notify
