#pragma once
// Compact JSON text for what is written on every event (the event, the incident's head, a zone,
// the messages that carry them) without building a boost::json tree first: the same bytes
// boost::json::serialize gives for the same members in the same order, at a fraction of the
// cost. Members are written in order; commas are placed by the writer.
#include <cstdint>
#include <string>
#include <string_view>

namespace alarmd::wire {

class json_text {
public:
    json_text() { out_.reserve(256); }

    json_text& open() { return sep().put('{'); }
    json_text& close() { return put('}'); }
    json_text& open_array() { return sep().put('['); }
    json_text& close_array() { return put(']'); }
    // A member's name: the next call writes its value.
    json_text& key(std::string_view k);
    json_text& str(std::string_view v);
    json_text& num(std::int64_t v);
    json_text& boolean(bool v) { return sep().append(v ? "true" : "false"); }
    json_text& null() { return sep().append("null"); }
    // Text that is JSON already (an object serialized before).
    json_text& raw(std::string_view json) { return sep().append(json); }

    [[nodiscard]] const std::string& text() const { return out_; }
    [[nodiscard]] std::string take() { return std::move(out_); }

private:
    // A comma before a value or member, unless it opens its container or follows its key.
    json_text& sep() {
        if (!out_.empty() && out_.back() != '{' && out_.back() != '[' && out_.back() != ':') {
            out_.push_back(',');
        }
        return *this;
    }
    json_text& put(char c) {
        out_.push_back(c);
        return *this;
    }
    json_text& append(std::string_view s) {
        out_.append(s);
        return *this;
    }
    void quoted(std::string_view s);

    std::string out_;
};

// `s` as the inside of a JSON string (quotes, backslashes and control characters escaped; UTF-8
// kept as it is), appended to `out`.
void append_json_escaped(std::string& out, std::string_view s);

}  // namespace alarmd::wire
