#pragma once
// A request target split into its path segments and query parameters (percent-decoded).
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace alarmd::http {

struct target {
    std::vector<std::string> segments;  // "/v1/incidents/X" -> {"v1", "incidents", "X"}
    std::map<std::string, std::string> query;

    [[nodiscard]] std::string param(const std::string& name, std::string fallback = {}) const {
        auto it = query.find(name);
        return it == query.end() ? fallback : it->second;
    }
};

[[nodiscard]] target parse_target(std::string_view raw);
[[nodiscard]] std::string percent_decode(std::string_view s);

}  // namespace alarmd::http
