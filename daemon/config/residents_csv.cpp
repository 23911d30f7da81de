#include "daemon/config/residents_csv.hpp"

#include <optional>

#include "daemon/config/phone_number.hpp"
#include "daemon/config/text_checks.hpp"

namespace alarmd::config {

namespace {

constexpr std::string_view header = "building,unit,name,phone";

[[nodiscard]] std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// One line split into fields; nullopt when a quote is not closed.
[[nodiscard]] std::optional<std::vector<std::string>> split(std::string_view line) {
    std::vector<std::string> fields(1);
    bool in_quotes = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (in_quotes) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                in_quotes = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            in_quotes = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    if (in_quotes) {
        return std::nullopt;
    }
    for (auto& f : fields) {
        f = std::string(trim(f));
    }
    return fields;
}

// Each number of a phone field ("a; b / c"), trimmed; empty pieces are skipped.
template <class Fn>
void for_each_number(std::string_view field, Fn fn) {
    while (!field.empty()) {
        const auto end = field.find_first_of(";/");
        const auto piece = trim(field.substr(0, end));
        if (!piece.empty()) {
            fn(piece);
        }
        field = end == std::string_view::npos ? std::string_view{} : field.substr(end + 1);
    }
}

}  // namespace

residents_csv parse_residents_csv(std::string_view text) {
    residents_csv out;
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);  // the BOM spreadsheet programs write
    }
    bool have_header = false;
    int number = 0;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        ++number;
        if (line.empty()) {
            continue;
        }
        auto fields = split(line);
        if (!have_header) {
            have_header = true;
            if (!fields || fields->size() != 4 || (*fields)[0] != "building" ||
                (*fields)[1] != "unit" || (*fields)[2] != "name" || (*fields)[3] != "phone") {
                out.problems.push_back(
                    {number, "expected the header line '" + std::string(header) + "'"});
                return out;  // without the header the columns cannot be trusted
            }
            out.header_ok = true;
            continue;
        }
        if (!fields) {
            out.problems.push_back({number, "a quote is not closed"});
            continue;
        }
        if (fields->size() != 4) {
            out.problems.push_back({number, "expected 4 fields (" + std::string(header) +
                                                "), got " + std::to_string(fields->size())});
            continue;
        }
        const auto& f = *fields;
        if (f[0].empty() || f[1].empty() || f[3].find_first_not_of(";/ \t") == std::string::npos) {
            out.problems.push_back({number, "building, unit and phone are required"});
            continue;
        }
        for_each_number(f[3], [&](std::string_view written) {
            auto phone = dialable_phone(written);
            if (!detail::is_phone(phone)) {
                out.problems.push_back(
                    {number, "bad phone number " + detail::quote_value(written) +
                                 " (digits with an optional leading +; spaces, '-', '(', ')' "
                                 "and '.' allowed, e.g. +86 138 0000 0001)"});
                return;
            }
            out.rows.push_back({number, resident{f[0], f[1], f[2], std::move(phone)}});
        });
    }
    if (!have_header) {
        out.problems.push_back(
            {1, "empty file: expected the header line '" + std::string(header) + "'"});
    }
    return out;
}

}  // namespace alarmd::config
