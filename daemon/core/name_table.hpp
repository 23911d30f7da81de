#pragma once
// Enum <-> wire name tables: one constexpr array per enum, looked up both ways.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace alarmd::core::detail {

template <class E, std::size_t N>
using name_table = std::array<std::pair<E, std::string_view>, N>;

template <class E, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(const name_table<E, N>& table, E value) {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return "unknown";
}

template <class E, std::size_t N>
[[nodiscard]] constexpr std::optional<E> value_of(const name_table<E, N>& table,
                                                  std::string_view name) {
    for (const auto& [v, n] : table) {
        if (n == name) {
            return v;
        }
    }
    return std::nullopt;
}

}  // namespace alarmd::core::detail
