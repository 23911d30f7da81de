#include "daemon/config/point_id.hpp"

#include <charconv>
#include <cstdio>

namespace alarmd::config {
namespace {

template <class T>
std::optional<T> number(std::string_view s, int base) {
    T v{};
    if (s.empty()) {
        return std::nullopt;
    }
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc{} || end != s.data() + s.size()) {
        return std::nullopt;
    }
    return v;
}

}  // namespace

std::string point_id(std::uint8_t system, std::uint32_t component) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%u/0x%08X", static_cast<unsigned>(system),
                  static_cast<unsigned>(component));
    return buf;
}

std::string system_point_id(std::uint8_t system) {
    return std::to_string(system);
}

std::optional<std::string> canonical_point_id(std::string_view key) {
    const auto slash = key.find('/');
    const auto system = number<std::uint8_t>(key.substr(0, slash), 10);
    if (!system) {
        return std::nullopt;
    }
    if (slash == std::string_view::npos) {
        return system_point_id(*system);
    }
    auto c = key.substr(slash + 1);
    std::optional<std::uint32_t> component;
    if (c.size() > 2 && c[0] == '0' && (c[1] == 'x' || c[1] == 'X')) {
        component = number<std::uint32_t>(c.substr(2), 16);
    } else {
        component = number<std::uint32_t>(c, 10);
    }
    if (!component) {
        return std::nullopt;
    }
    return point_id(*system, *component);
}

}  // namespace alarmd::config
