#include "daemon/sys/journal_fields.hpp"

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace alarmd::sys {

namespace {

struct field_name {
    std::string_view key;    // as written in the line
    std::string_view field;  // as the journal has it
};

constexpr std::array<field_name, 7> fields{{
    {"event", "ALARMD_EVENT"},
    {"incident", "INCIDENT"},
    {"device", "DEVICE"},
    {"zone", "ZONE"},
    {"account", "ACCOUNT"},
    {"person", "PERSON"},
    {"gateway", "GATEWAY"},
}};

}  // namespace

int journal_priority(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::critical:
            return 2;
        case spdlog::level::err:
            return 3;
        case spdlog::level::warn:
            return 4;
        case spdlog::level::info:
            return 6;
        default:
            return 7;
    }
}

std::vector<std::string> journal_fields(std::string_view text) {
    std::vector<std::string> out;
    std::array<bool, fields.size()> seen{};
    std::size_t i = 0;
    while (i < text.size()) {
        // One token: key=value or key="value with spaces".
        const auto start = i;
        const auto eq = text.find('=', start);
        const auto space = text.find(' ', start);
        if (eq == std::string_view::npos) {
            break;
        }
        if (space != std::string_view::npos && space < eq) {
            i = space + 1;  // a word without '=' (free text)
            continue;
        }
        const auto key = text.substr(start, eq - start);
        std::string_view value;
        if (eq + 1 < text.size() && text[eq + 1] == '"') {
            const auto close = text.find('"', eq + 2);
            const auto end = close == std::string_view::npos ? text.size() : close;
            value = text.substr(eq + 2, end - eq - 2);
            i = end == text.size() ? end : end + 1;
        } else {
            const auto end = text.find(' ', eq + 1);
            value =
                text.substr(eq + 1, (end == std::string_view::npos ? text.size() : end) - eq - 1);
            i = end == std::string_view::npos ? text.size() : end;
        }
        while (i < text.size() && text[i] == ' ') {
            ++i;
        }
        for (std::size_t f = 0; f < fields.size(); ++f) {
            if (!seen[f] && key == fields[f].key && !value.empty()) {
                seen[f] = true;
                out.push_back(std::string(fields[f].field) + "=" + std::string(value));
            }
        }
    }
    return out;
}

bool stderr_is_journal() {
    const char* stream = std::getenv("JOURNAL_STREAM");
    if (stream == nullptr) {
        return false;
    }
    unsigned long long dev = 0;
    unsigned long long ino = 0;
    if (std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) {
        return false;
    }
    struct stat st {};
    if (::fstat(2, &st) != 0) {
        return false;
    }
    return static_cast<unsigned long long>(st.st_dev) == dev &&
           static_cast<unsigned long long>(st.st_ino) == ino;
}

}  // namespace alarmd::sys
