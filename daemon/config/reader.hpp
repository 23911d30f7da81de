#pragma once
// Walking YAML for the section readers: shape checks, unknown and duplicate keys, scalars turned
// into typed values within their bounds, and every problem kept as a diagnostic with its line.
// A detail of the loader: yaml-cpp is seen only inside daemon/config/.
#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "daemon/config/bounds.hpp"
#include "daemon/config/config.hpp"
#include "daemon/config/loader.hpp"
#include "daemon/config/text_checks.hpp"

namespace alarmd::config::detail {

// One load: its diagnostics, its node budget and the first occurrence of every unique value.
class reader {
public:
    reader(std::string file, std::string base_dir);

    void error(int line, std::string message);  // in the config file
    void error_in(std::string file, int line, std::string message);
    // A problem that leaves something out but does not stop the load (a bad residents row).
    void warn_in(std::string file, int line, std::string message);

    // Aliases let a few lines expand to millions of nodes; the walk counts the nodes it visits and
    // gives up (with one diagnostic) past a limit instead of running for ever. False when spent.
    [[nodiscard]] bool spend(int line);

    // 0 the first time `value` is seen in `space` ("device id", "token"), else the line of the
    // first time.
    [[nodiscard]] int first_seen(std::string_view space, std::string_view value, int line);

    [[nodiscard]] const std::string& file() const { return file_; }
    [[nodiscard]] const std::string& base_dir() const { return base_dir_; }
    [[nodiscard]] bool has_errors() const { return !diags_.items.empty(); }
    [[nodiscard]] diagnostics take();  // the config file's problems first, each file by line
    [[nodiscard]] std::vector<diagnostic> take_warnings() { return std::move(warnings_); }

private:
    std::string file_;
    std::string base_dir_;
    diagnostics diags_;
    std::vector<diagnostic> warnings_;  // in the order found (each file is read top to bottom)
    std::size_t budget_;
    std::map<std::pair<std::string, std::string>, int> seen_;
};

// The 1-based line of a node, or `fallback` for a null node or one without a position.
[[nodiscard]] int line_of(const YAML::Node& node, int fallback);

template <class E>
struct name_of {
    std::string_view name;
    E value;
};

// "a, b or c", for "use ..." hints.
[[nodiscard]] std::string choices(const std::vector<std::string_view>& names);

// A YAML map read against the keys it may have. Getters leave `out` unchanged when the key is
// absent (or null) or its value is bad, report the bad value, and return true only for a good one.
class object {
public:
    using item_fn = std::function<void(const YAML::Node& node, const std::string& path, int line)>;
    using entry_fn = std::function<void(const std::string& name, const YAML::Node& node,
                                        const std::string& path, int line)>;

    // A null node reads as an empty map. `path` is "" for the top level.
    object(reader& r, const YAML::Node& node, std::string path, int line,
           std::initializer_list<std::string_view> allowed);

    [[nodiscard]] bool valid() const { return valid_; }  // it was a map
    [[nodiscard]] reader& owner() const { return *r_; }
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] int line() const { return line_; }
    [[nodiscard]] bool has(std::string_view key) const;  // present and not null
    [[nodiscard]] bool is_list(std::string_view key) const;
    [[nodiscard]] int line_of(std::string_view key) const;  // the value's line, else the map's
    [[nodiscard]] std::string path_of(std::string_view key) const;

    void error(std::string_view key, std::string_view message);  // "PATH.key: message"
    void missing(std::string_view key, std::string_view why);    // "PATH.key: missing (why)"

    bool get(std::string_view key, std::string& out);
    bool get(std::string_view key, std::vector<std::string>& out);  // a list, or one value
    // The same with each value's line, for messages about one of them.
    bool get(std::string_view key, std::vector<std::pair<std::string, int>>& out);
    bool get(std::string_view key, int& out, bounds::count b);
    bool get(std::string_view key, std::optional<int>& out, bounds::count b);
    bool get(std::string_view key, std::size_t& out, bounds::count b);
    bool get(std::string_view key, std::uint16_t& out, bounds::count b);
    bool get(std::string_view key, duration& out, bounds::time b);
    bool get(std::string_view key, std::optional<duration>& out, bounds::time b);
    bool get(std::string_view key, std::optional<bool>& out);
    bool get(std::string_view key, listen_address& out);
    bool get(std::string_view key, std::optional<listen_address>& out);

    template <class E, std::size_t N>
    bool get(std::string_view key, E& out, const std::array<name_of<E>, N>& names);
    template <class E, std::size_t N>
    bool get(std::string_view key, std::vector<E>& out, const std::array<name_of<E>, N>& names);

    // A string that must be there and not empty; reports "missing (why)" otherwise.
    bool require(std::string_view key, std::string& out, std::string_view why);

    // The map at `key`, or nullopt when absent.
    [[nodiscard]] std::optional<object> child(std::string_view key,
                                              std::initializer_list<std::string_view> allowed);
    // Each element of the list at `key`, with its path "key[i]".
    void for_each_item(std::string_view key, const item_fn& fn);
    // Each entry of the map at `key` whose keys are names (zones, policies), path "key.name".
    void for_each_entry(std::string_view key, const entry_fn& fn);

    struct entry {
        std::string key;
        YAML::Node value;
        int key_line = 0;
        int value_line = 0;
    };

private:
    [[nodiscard]] const entry* present(std::string_view key) const;
    [[nodiscard]] std::optional<std::string> scalar(const entry& e);
    // Each value of a list (or the one value), with its line.
    [[nodiscard]] std::optional<std::vector<std::pair<std::string, int>>> scalars(const entry& e);
    [[nodiscard]] std::optional<std::int64_t> integer(const entry& e, bounds::count b);
    [[nodiscard]] std::optional<duration> time_value(const entry& e, bounds::time b);
    void bad_choice(const entry& e, std::string_view text,
                    const std::vector<std::string_view>& names);

    reader* r_;
    std::string path_;
    int line_;
    bool valid_ = false;
    std::vector<entry> entries_;
};

template <class E, std::size_t N>
bool object::get(std::string_view key, E& out, const std::array<name_of<E>, N>& names) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto text = scalar(*e);
    if (!text) {
        return false;
    }
    for (const auto& n : names) {
        if (n.name == *text) {
            out = n.value;
            return true;
        }
    }
    std::vector<std::string_view> all;
    for (const auto& n : names) {
        all.push_back(n.name);
    }
    bad_choice(*e, *text, all);
    return false;
}

template <class E, std::size_t N>
bool object::get(std::string_view key, std::vector<E>& out,
                 const std::array<name_of<E>, N>& names) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto texts = scalars(*e);
    if (!texts) {
        return false;
    }
    std::vector<std::string_view> all;
    for (const auto& n : names) {
        all.push_back(n.name);
    }
    std::vector<E> values;
    bool good = true;
    for (const auto& [text, line] : *texts) {
        const name_of<E>* found = nullptr;
        for (const auto& n : names) {
            if (n.name == text) {
                found = &n;
                break;
            }
        }
        if (found == nullptr) {
            bad_choice(entry{e->key, e->value, e->key_line, line}, text, all);
            good = false;
        } else if (std::find(values.begin(), values.end(), found->value) != values.end()) {
            r_->error(line, path_of(key) + ": " + quote_value(text) + " is listed twice");
            good = false;
        } else {
            values.push_back(found->value);
        }
    }
    if (good) {
        out = std::move(values);
    }
    return good;
}

}  // namespace alarmd::config::detail
