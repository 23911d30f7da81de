#pragma once
// Hash maps keyed by strings that are looked up by string_view, and a reusable buffer to build
// a lookup key in: the per-event lookups of correlation allocate nothing.
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace alarmd::core {

struct string_hash {
    using is_transparent = void;
    [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

template <class V>
using key_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;
using key_set = std::unordered_set<std::string, string_hash, std::equal_to<>>;

// `parts` joined by `sep` into `out` (its capacity is kept from call to call).
inline std::string_view join_into(std::string& out, std::initializer_list<std::string_view> parts,
                                  char sep) {
    out.clear();
    bool first = true;
    for (auto p : parts) {
        if (!first) {
            out.push_back(sep);
        }
        first = false;
        out.append(p);
    }
    return out;
}

}  // namespace alarmd::core
