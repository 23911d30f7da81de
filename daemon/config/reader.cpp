#include "daemon/config/reader.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "daemon/config/duration.hpp"
#include "daemon/config/listen_address.hpp"

namespace alarmd::config::detail {

namespace {

// Far above any real estate (a few thousand devices and zones), far below a slow load.
constexpr std::size_t node_budget = 500'000;

[[nodiscard]] std::string_view kind_of(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Map:
            return "a map";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Scalar:
            return "a single value";
        default:
            return "nothing";
    }
}

[[nodiscard]] std::string where(const std::string& path) {
    return path.empty() ? "at top level" : "in " + path;
}

[[nodiscard]] std::string subject(const std::string& path) {
    return path.empty() ? "top level" : path;
}

// A name as a path element; odd bytes are escaped so that a message stays one readable line.
[[nodiscard]] std::string path_name(const std::string& name) {
    const bool plain = name.size() <= 64 && std::none_of(name.begin(), name.end(), [](char c) {
                           return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
                       });
    return plain ? name : quote_value(name);
}

// Edit distance, to suggest the key that was probably meant.
[[nodiscard]] std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

[[nodiscard]] std::string suggestion(std::string_view key,
                                     const std::vector<std::string_view>& allowed) {
    if (key.size() > 64) {
        return {};
    }
    for (const auto& a : allowed) {
        if (distance(key, a) <= 2) {
            return " (did you mean '" + std::string(a) + "'?)";
        }
    }
    return {};
}

// The entries of a map node; reports a non-map, non-name keys and repeated keys.
bool read_map(reader& r, const YAML::Node& node, const std::string& path, int line,
              std::vector<object::entry>& out) {
    if (!r.spend(line)) {
        return false;
    }
    if (!node.IsDefined() || node.IsNull()) {
        return true;
    }
    if (!node.IsMap()) {
        r.error(line_of(node, line),
                subject(path) + ": expected a map, got " + std::string(kind_of(node)));
        return false;
    }
    std::unordered_map<std::string, int> first;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        const YAML::Node value = it->second;
        const int key_line = line_of(key, line);
        if (!r.spend(key_line)) {
            return false;
        }
        if (!key.IsScalar()) {
            r.error(key_line, subject(path) + ": a key must be a plain name, got " +
                                  std::string(kind_of(key)));
            continue;
        }
        const auto [at, fresh] = first.emplace(key.Scalar(), key_line);
        if (!fresh) {
            r.error(key_line, "duplicate key " + quote_value(key.Scalar()) + " " + where(path) +
                                  " (first at line " + std::to_string(at->second) + ")");
            continue;
        }
        out.push_back({key.Scalar(), value, key_line, line_of(value, key_line)});
    }
    return true;
}

}  // namespace

reader::reader(std::string file, std::string base_dir)
    : file_(std::move(file)), base_dir_(std::move(base_dir)), budget_(node_budget) {}

void reader::error(int line, std::string message) {
    error_in(file_, line, std::move(message));
}

void reader::error_in(std::string file, int line, std::string message) {
    diags_.items.push_back({std::move(file), line, std::move(message)});
}

void reader::warn_in(std::string file, int line, std::string message) {
    warnings_.push_back({std::move(file), line, std::move(message)});
}

bool reader::spend(int line) {
    if (budget_ == 0) {
        return false;
    }
    if (--budget_ == 0) {
        error(line, "too many nodes after expanding aliases (more than " +
                        std::to_string(node_budget) + "); reading stopped here");
        return false;
    }
    return true;
}

int reader::first_seen(std::string_view space, std::string_view value, int line) {
    const auto [at, fresh] = seen_.emplace(std::pair{std::string(space), std::string(value)}, line);
    return fresh ? 0 : at->second;
}

diagnostics reader::take() {
    std::stable_sort(diags_.items.begin(), diags_.items.end(),
                     [this](const diagnostic& a, const diagnostic& b) {
                         const bool a_main = a.file == file_;
                         const bool b_main = b.file == file_;
                         if (a_main != b_main) {
                             return a_main;
                         }
                         if (a.file != b.file) {
                             return a.file < b.file;
                         }
                         return a.line < b.line;
                     });
    return std::move(diags_);
}

int line_of(const YAML::Node& node, int fallback) {
    if (!node.IsDefined() || node.IsNull()) {
        return fallback;  // an empty value's mark points past it, often at the next line
    }
    const YAML::Mark mark = node.Mark();
    return mark.line >= 0 ? mark.line + 1 : fallback;
}

std::string choices(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) {
            out += i + 1 == names.size() ? " or " : ", ";
        }
        out += names[i];
    }
    return out;
}

object::object(reader& r, const YAML::Node& node, std::string path, int line,
               std::initializer_list<std::string_view> allowed)
    : r_(&r), path_(std::move(path)), line_(detail::line_of(node, line)) {
    std::vector<entry> all;
    valid_ = read_map(r, node, path_, line_, all);
    const std::vector<std::string_view> keys(allowed);
    for (auto& e : all) {
        if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) {
            r.error(e.key_line, "unknown key " + quote_value(e.key) + " " + where(path_) +
                                    suggestion(e.key, keys));
        } else {
            entries_.push_back(std::move(e));
        }
    }
}

const object::entry* object::present(std::string_view key) const {
    for (const auto& e : entries_) {
        if (e.key == key) {
            return e.value.IsNull() ? nullptr : &e;
        }
    }
    return nullptr;
}

bool object::has(std::string_view key) const {
    return present(key) != nullptr;
}

bool object::is_list(std::string_view key) const {
    const entry* e = present(key);
    return e != nullptr && e->value.IsSequence();
}

int object::line_of(std::string_view key) const {
    const entry* e = present(key);
    return e != nullptr ? e->value_line : line_;
}

std::string object::path_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void object::error(std::string_view key, std::string_view message) {
    r_->error(line_of(key), path_of(key) + ": " + std::string(message));
}

void object::missing(std::string_view key, std::string_view why) {
    r_->error(line_, path_of(key) + ": missing (" + std::string(why) + ")");
}

std::optional<std::string> object::scalar(const entry& e) {
    if (!e.value.IsScalar()) {
        r_->error(e.value_line, path_of(e.key) + ": expected a single value, got " +
                                    std::string(kind_of(e.value)));
        return std::nullopt;
    }
    return e.value.Scalar();
}

std::optional<std::vector<std::pair<std::string, int>>> object::scalars(const entry& e) {
    std::vector<std::pair<std::string, int>> out;
    if (e.value.IsScalar()) {
        out.emplace_back(e.value.Scalar(), e.value_line);
        return out;
    }
    if (!e.value.IsSequence()) {
        r_->error(e.value_line,
                  path_of(e.key) + ": expected a list, got " + std::string(kind_of(e.value)));
        return std::nullopt;
    }
    bool good = true;
    std::size_t i = 0;
    for (auto it = e.value.begin(); it != e.value.end(); ++it, ++i) {
        const YAML::Node item = *it;
        const int line = detail::line_of(item, e.value_line);
        if (!r_->spend(line)) {
            return std::nullopt;
        }
        if (!item.IsScalar()) {
            r_->error(line, path_of(e.key) + "[" + std::to_string(i) +
                                "]: expected a single value, got " + std::string(kind_of(item)));
            good = false;
            continue;
        }
        out.emplace_back(item.Scalar(), line);
    }
    if (!good) {
        return std::nullopt;
    }
    return out;
}

std::optional<std::int64_t> object::integer(const entry& e, bounds::count b) {
    const auto text = scalar(e);
    if (!text) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [stop, ec] = std::from_chars(text->data(), end, value);
    if (text->empty() || ec != std::errc{} || stop != end) {
        r_->error(e.value_line,
                  path_of(e.key) + ": expected a whole number, got " + quote_value(*text));
        return std::nullopt;
    }
    if (value < b.min || value > b.max) {
        r_->error(e.value_line, path_of(e.key) + ": " + *text + " is out of range (" +
                                    std::to_string(b.min) + ".." + std::to_string(b.max) + ")");
        return std::nullopt;
    }
    return value;
}

std::optional<duration> object::time_value(const entry& e, bounds::time b) {
    const auto text = scalar(e);
    if (!text) {
        return std::nullopt;
    }
    const auto value = parse_duration(*text);
    if (!value) {
        r_->error(e.value_line, "bad duration " + quote_value(*text) + " for " + path_of(e.key) +
                                    " (use ms, s, m, h, e.g. 90s)");
        return std::nullopt;
    }
    if (*value < b.min || *value > b.max) {
        r_->error(e.value_line, path_of(e.key) + ": " + *text + " is out of range (" +
                                    format_duration(b.min) + ".." + format_duration(b.max) + ")");
        return std::nullopt;
    }
    return value;
}

void object::bad_choice(const entry& e, std::string_view text,
                        const std::vector<std::string_view>& names) {
    r_->error(e.value_line, path_of(e.key) + ": unknown value " + quote_value(text) + " (use " +
                                choices(names) + ")");
}

bool object::get(std::string_view key, std::string& out) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    auto text = scalar(*e);
    if (!text) {
        return false;
    }
    out = std::move(*text);
    return true;
}

bool object::get(std::string_view key, std::vector<std::string>& out) {
    std::vector<std::pair<std::string, int>> texts;
    if (!get(key, texts)) {
        return false;
    }
    out.clear();
    for (auto& t : texts) {
        out.push_back(std::move(t.first));
    }
    return true;
}

bool object::get(std::string_view key, std::vector<std::pair<std::string, int>>& out) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    auto texts = scalars(*e);
    if (!texts) {
        return false;
    }
    out = std::move(*texts);
    return true;
}

bool object::get(std::string_view key, int& out, bounds::count b) {
    std::optional<int> value;
    if (!get(key, value, b)) {
        return false;
    }
    out = *value;
    return true;
}

bool object::get(std::string_view key, std::optional<int>& out, bounds::count b) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto value = integer(*e, b);  // every int bound fits an int
    if (!value) {
        return false;
    }
    out = static_cast<int>(*value);
    return true;
}

bool object::get(std::string_view key, std::size_t& out, bounds::count b) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto value = integer(*e, bounds::count{std::max<std::int64_t>(b.min, 0), b.max});
    if (!value) {
        return false;
    }
    out = static_cast<std::size_t>(*value);
    return true;
}

bool object::get(std::string_view key, std::uint16_t& out, bounds::count b) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto value = integer(
        *e, bounds::count{std::max<std::int64_t>(b.min, 0), std::min<std::int64_t>(b.max, 65535)});
    if (!value) {
        return false;
    }
    out = static_cast<std::uint16_t>(*value);
    return true;
}

bool object::get(std::string_view key, duration& out, bounds::time b) {
    std::optional<duration> value;
    if (!get(key, value, b)) {
        return false;
    }
    out = *value;
    return true;
}

bool object::get(std::string_view key, std::optional<duration>& out, bounds::time b) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto value = time_value(*e, b);
    if (!value) {
        return false;
    }
    out = value;
    return true;
}

bool object::get(std::string_view key, std::optional<bool>& out) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto text = scalar(*e);
    if (!text) {
        return false;
    }
    if (*text == "true" || *text == "True" || *text == "TRUE") {
        out = true;
        return true;
    }
    if (*text == "false" || *text == "False" || *text == "FALSE") {
        out = false;
        return true;
    }
    r_->error(e->value_line, path_of(key) + ": expected true or false, got " + quote_value(*text));
    return false;
}

bool object::get(std::string_view key, listen_address& out) {
    std::optional<listen_address> value;
    if (!get(key, value)) {
        return false;
    }
    out = *value;
    return true;
}

bool object::get(std::string_view key, std::optional<listen_address>& out) {
    const entry* e = present(key);
    if (e == nullptr) {
        return false;
    }
    const auto text = scalar(*e);
    if (!text) {
        return false;
    }
    auto value = parse_listen_address(*text);
    if (!value) {
        r_->error(e->value_line, path_of(key) + ": bad listen address " + quote_value(*text) +
                                     " (use an IPv4 address and port, e.g. 0.0.0.0:5000, or [IPv6]:port; host names are not "
                                     "resolved; port 0..65535)");
        return false;
    }
    out = std::move(value);
    return true;
}

bool object::require(std::string_view key, std::string& out, std::string_view why) {
    if (!has(key)) {
        missing(key, why);
        return false;
    }
    std::string value;
    if (!get(key, value)) {
        return false;
    }
    if (value.empty()) {
        missing(key, why);
        return false;
    }
    out = std::move(value);
    return true;
}

std::optional<object> object::child(std::string_view key,
                                    std::initializer_list<std::string_view> allowed) {
    const entry* e = present(key);
    if (e == nullptr) {
        return std::nullopt;
    }
    return object(*r_, e->value, path_of(key), e->value_line, allowed);
}

void object::for_each_item(std::string_view key, const item_fn& fn) {
    const entry* e = present(key);
    if (e == nullptr) {
        return;
    }
    if (!e->value.IsSequence()) {
        r_->error(e->value_line,
                  path_of(key) + ": expected a list, got " + std::string(kind_of(e->value)));
        return;
    }
    const std::string base = path_of(key);
    std::size_t i = 0;
    for (auto it = e->value.begin(); it != e->value.end(); ++it, ++i) {
        const YAML::Node item = *it;
        const int line = detail::line_of(item, e->value_line);
        if (!r_->spend(line)) {
            return;
        }
        fn(item, base + "[" + std::to_string(i) + "]", line);
    }
}

void object::for_each_entry(std::string_view key, const entry_fn& fn) {
    const entry* e = present(key);
    if (e == nullptr) {
        return;
    }
    std::vector<entry> all;
    const std::string base = path_of(key);
    if (!read_map(*r_, e->value, base, e->value_line, all)) {
        return;
    }
    for (const auto& item : all) {
        fn(item.key, item.value, base + "." + path_name(item.key), item.key_line);
    }
}

}  // namespace alarmd::config::detail
