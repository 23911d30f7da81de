// libFuzzer target for the AMI codec: arbitrary bytes into the stream decoder (in pieces of
// 1-16 bytes drawn from the first byte, with small limits now and then), and into the action
// encoder.
// Beyond "no crash", it checks properties and traps when one fails:
//  - chunking never changes what the decoder yields; a banner only comes first, a limit error
//    only last, and nothing decoded breaks the limits;
//  - every decoded message written back as "Key: Value" lines decodes to the same message;
//  - get() finds the first field of a key whatever the case;
//  - encode_action never lets a field add or end a line: the decoder gives back exactly the
//    fields given, CR and LF (and ':' in keys) turned into spaces.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/ami/decoder.hpp"
#include "protocols/ami/encoder.hpp"
#include "protocols/ami/error.hpp"
#include "protocols/ami/message.hpp"

#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace ami = alarmd::protocols::ami;

using alarmd::fuzz::require;

// Big enough for anything a fuzz input holds.
constexpr ami::limits roomy{.max_line = 1 << 20, .max_block = 1 << 22, .max_fields = 1 << 16};

// Fed in pieces of 1-16 bytes drawn from `seed` (xorshift), or whole when `seed` is 0.
std::vector<ami::decoded> run_stream(std::string_view bytes, std::uint32_t seed,
                                     const ami::limits& lim) {
    ami::decoder dec{lim};
    std::vector<ami::decoded> out;
    std::uint32_t x = seed;
    while (!bytes.empty()) {
        std::size_t n = bytes.size();
        if (seed != 0) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            n = std::min<std::size_t>(x % 16 + 1, n);
        }
        dec.feed(bytes.substr(0, n));
        bytes.remove_prefix(n);
        while (auto d = dec.next()) {
            out.push_back(std::move(*d));
        }
        require(dec.failed() ? dec.buffered() == 0 : dec.buffered() <= lim.max_line + 1);
    }
    return out;
}

bool fatal(ami::decode_errc e) {
    return e != ami::decode_errc::bad_line;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

std::string upper(std::string_view s) {
    std::string out{s};
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

void check_message(const ami::message& m, const ami::limits& lim) {
    require(!m.fields.empty() && m.fields.size() <= lim.max_fields);
    std::size_t size = 0;
    for (const ami::field& f : m.fields) {
        require(f.key.find(':') == std::string::npos);
        require(f.key.find('\n') == std::string::npos && f.value.find('\n') == std::string::npos);
        require(f.key.size() + 1 + f.value.size() <= lim.max_line);
        size += f.key.size() + f.value.size() + 2;
    }
    require(size <= lim.max_block);
    for (const ami::field& f : m.fields) {
        // The first field with that key, whatever the case.
        const ami::field* first = nullptr;
        for (const ami::field& g : m.fields) {
            if (iequals(g.key, f.key)) {
                first = &g;
                break;
            }
        }
        require(m.get(upper(f.key)) == first->value);
        require(m.has(f.key));
    }
    // Written back (after an empty line, so that no first key passes for a banner).
    std::string wire = "\r\n";
    for (const ami::field& f : m.fields) {
        wire += f.key + ": " + f.value + "\r\n";
    }
    wire += "\r\n";
    const auto again = run_stream(wire, 0, roomy);
    require(again.size() == 1 && std::get<ami::message>(again[0]) == m);
}

std::string clean(std::string_view s, bool key) {
    std::string out{s};
    for (char& c : out) {
        if (c == '\r' || c == '\n' || (key && c == ':')) {
            c = ' ';
        }
    }
    return out;
}

// The input cut at NUL bytes: action, action id, then key, value, key, value...
void check_encoder(std::string_view text) {
    std::vector<std::string_view> parts;
    while (true) {
        const std::size_t nul = text.find('\0');
        parts.push_back(text.substr(0, nul));
        if (nul == std::string_view::npos) {
            break;
        }
        text.remove_prefix(nul + 1);
    }
    parts.resize(std::max<std::size_t>(parts.size(), 2));
    std::vector<ami::field> extra;
    for (std::size_t i = 2; i + 1 < parts.size(); i += 2) {
        extra.push_back({std::string{parts[i]}, std::string{parts[i + 1]}});
    }
    const std::string wire = ami::encode_action(parts[0], parts[1], extra);
    std::vector<ami::field> expected = {{"Action", clean(parts[0], false)}};
    if (!parts[1].empty()) {
        expected.push_back({"ActionID", clean(parts[1], false)});
    }
    for (const ami::field& f : extra) {
        expected.push_back({clean(f.key, true), clean(f.value, false)});
    }
    const auto out = run_stream(wire, 0, roomy);
    require(out.size() == 1);
    const ami::message& m = std::get<ami::message>(out[0]);
    require(m.fields == expected);
    require(m.is_action());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::uint8_t control = data[0];
    const std::string_view bytes{reinterpret_cast<const char*>(data + 1), size - 1};
    // Small limits now and then, so that short inputs reach every check.
    const ami::limits lim = (control & 0x80) != 0
                                ? ami::limits{.max_line = 24, .max_block = 96, .max_fields = 4}
                                : ami::limits{};

    const auto whole = run_stream(bytes, 0, lim);
    const auto pieces = run_stream(bytes, 0x9E3779B9u ^ control, lim);
    require(whole == pieces);
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (const auto* b = std::get_if<ami::banner>(&whole[i])) {
            require(i == 0);
            require(b->version.size() + ami::banner_prefix.size() <= lim.max_line);
        } else if (const auto* e = std::get_if<ami::decode_error>(&whole[i])) {
            require(e->code != ami::decode_errc::not_ami);
            require(!fatal(e->code) || i + 1 == whole.size());
            require(!e->detail.empty());
        } else {
            check_message(std::get<ami::message>(whole[i]), lim);
        }
    }

    check_encoder(bytes);
    return 0;
}
