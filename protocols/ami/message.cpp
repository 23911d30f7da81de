#include "protocols/ami/message.hpp"

#include <algorithm>

namespace alarmd::protocols::ami {
namespace {

constexpr char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    return std::ranges::equal(a, b, [](char x, char y) { return lower(x) == lower(y); });
}

const field* find(const std::vector<field>& fields, std::string_view key) noexcept {
    const auto it =
        std::ranges::find_if(fields, [key](const field& f) { return iequals(f.key, key); });
    return it == fields.end() ? nullptr : &*it;
}

bool first_key_is(const std::vector<field>& fields, std::string_view key) noexcept {
    return !fields.empty() && iequals(fields.front().key, key);
}

}  // namespace

std::string_view message::get(std::string_view key) const {
    const field* f = find(fields, key);
    return f == nullptr ? std::string_view{} : std::string_view{f->value};
}

bool message::has(std::string_view key) const {
    return find(fields, key) != nullptr;
}

std::string_view message::event() const {
    return get("Event");
}

std::string_view message::response() const {
    return get("Response");
}

std::string_view message::action_id() const {
    return get("ActionID");
}

bool message::is_event() const {
    return first_key_is(fields, "Event");
}

bool message::is_response() const {
    return first_key_is(fields, "Response");
}

bool message::is_action() const {
    return first_key_is(fields, "Action");
}

}  // namespace alarmd::protocols::ami
