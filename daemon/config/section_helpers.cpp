// Checks shared by several sections: ids, uniqueness, tokens, keys that do not apply.
#include "daemon/config/sections.hpp"
#include "daemon/config/text_checks.hpp"

namespace alarmd::config::detail {

bool read_id(object& o, std::string_view key, std::string& out, std::string_view why) {
    std::string value;
    if (!o.require(key, value, why)) {
        return false;
    }
    if (!is_valid_id(value)) {
        o.error(key, quote_value(value) +
                         " is not a valid id (1 to 64 letters, digits, '-', '_' or '.')");
        return false;
    }
    out = std::move(value);
    return true;
}

bool check_unique(object& o, std::string_view key, std::string_view what,
                  const std::string& value) {
    const int line = o.line_of(key);
    const int first = o.owner().first_seen(what, value, line);
    if (first == 0) {
        return true;
    }
    o.owner().error(line, "duplicate " + std::string(what) + " " + quote_value(value) +
                              " (first at line " + std::to_string(first) + ")");
    return false;
}

bool read_token(object& o, std::string& out, std::string_view why) {
    std::string value;
    if (!o.require("token_sha256", value, why)) {
        return false;
    }
    // The hash is not echoed: a pasted plain token would end up in logs and terminals.
    auto normal = normalize_sha256(value);
    if (!normal) {
        o.error("token_sha256",
                "must be 64 hex digits, the SHA-256 of the token (printf %s TOKEN | sha256sum)");
        return false;
    }
    const int line = o.line_of("token_sha256");
    if (const int first = o.owner().first_seen("token", *normal, line); first != 0) {
        o.error("token_sha256", "same token as line " + std::to_string(first) +
                                    " (every person and source needs its own)");
        return false;
    }
    out = std::move(*normal);
    return true;
}

void refuse(object& o, std::initializer_list<std::string_view> keys, std::string_view user) {
    for (const auto key : keys) {
        if (o.has(key)) {
            o.error(key, "not used by " + std::string(user));
        }
    }
}

}  // namespace alarmd::config::detail
