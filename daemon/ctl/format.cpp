#include "daemon/ctl/format.hpp"

#include <algorithm>
#include <cstdint>

#include <boost/json.hpp>

namespace alarmd::ctl {
namespace json = boost::json;

namespace {

// The wide ranges of Unicode's East Asian Width property, coarsely: CJK, Hangul, kana,
// full-width forms. Enough to line up Chinese labels; emoji and combining marks are rare here.
bool is_wide(std::uint32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

void pad(std::ostream& out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        out.put(' ');
    }
}

void write_json(std::string& out, const json::value& v, int indent, int depth) {
    auto newline = [&](int level) {
        out.push_back('\n');
        out.append(static_cast<std::size_t>(indent * level), ' ');
    };
    if (v.is_object()) {
        const auto& o = v.as_object();
        if (o.empty()) {
            out += "{}";
            return;
        }
        out.push_back('{');
        bool first = true;
        for (const auto& kv : o) {
            if (!first) {
                out.push_back(',');
            }
            first = false;
            newline(depth + 1);
            out += json::serialize(json::string(kv.key()));
            out += ": ";
            write_json(out, kv.value(), indent, depth + 1);
        }
        newline(depth);
        out.push_back('}');
        return;
    }
    if (v.is_array()) {
        const auto& a = v.as_array();
        if (a.empty()) {
            out += "[]";
            return;
        }
        out.push_back('[');
        bool first = true;
        for (const auto& item : a) {
            if (!first) {
                out.push_back(',');
            }
            first = false;
            newline(depth + 1);
            write_json(out, item, indent, depth + 1);
        }
        newline(depth);
        out.push_back(']');
        return;
    }
    out += json::serialize(v);
}

}  // namespace

std::size_t display_width(std::string_view utf8) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto lead = static_cast<unsigned char>(utf8[i]);
        std::size_t len = 1;
        std::uint32_t cp = lead;
        if (lead >= 0xF0) {
            len = 4;
            cp = lead & 0x07u;
        } else if (lead >= 0xE0) {
            len = 3;
            cp = lead & 0x0Fu;
        } else if (lead >= 0xC0) {
            len = 2;
            cp = lead & 0x1Fu;
        }
        if (i + len > utf8.size()) {
            len = 1;  // a cut sequence: count each byte as one column rather than read past
            cp = lead;
        }
        for (std::size_t k = 1; k < len; ++k) {
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
        }
        width += is_wide(cp) ? 2 : 1;
        i += len;
    }
    return width;
}

void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, std::string_view indent) {
    std::vector<std::size_t> widths(header.size(), 0);
    auto measure = [&widths](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            widths[c] = std::max(widths[c], display_width(row[c]));
        }
    };
    measure(header);
    for (const auto& row : rows) {
        measure(row);
    }
    auto line = [&](const std::vector<std::string>& row) {
        out << indent;
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            out << row[c];
            if (c + 1 < row.size()) {
                pad(out, widths[c] - display_width(row[c]) + 2);
            }
        }
        out << '\n';
    };
    line(header);
    for (const auto& row : rows) {
        line(row);
    }
}

void print_fields(std::ostream& out,
                  const std::vector<std::pair<std::string, std::string>>& fields) {
    std::size_t width = 0;
    for (const auto& [key, value] : fields) {
        width = std::max(width, display_width(key) + 1);
    }
    for (const auto& [key, value] : fields) {
        out << key << ':';
        std::string_view rest = value;
        bool first = true;
        do {
            const auto nl = rest.find('\n');
            const auto part = rest.substr(0, nl);
            if (!part.empty()) {
                pad(out, first ? width - display_width(key) : width + 1);
                out << part;
            }
            out << '\n';
            first = false;
            rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        } while (!rest.empty());
    }
}

std::string pretty_json(const json::value& v, int indent) {
    std::string out;
    write_json(out, v, indent, 0);
    out.push_back('\n');
    return out;
}

std::string text_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
        return {};
    }
    if (v->is_string()) {
        return std::string(v->as_string());
    }
    return json::serialize(*v);
}

}  // namespace alarmd::ctl
