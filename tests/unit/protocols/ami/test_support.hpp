#pragma once
// Helpers of the AMI codec tests: the recorded sessions, a decoder driver, and views of what
// it yields.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "protocols/ami/decoder.hpp"

namespace alarmd::protocols::ami {

// Readable gtest output for what the decoder yields.
inline void PrintTo(const message& m, std::ostream* os) {
    *os << "{";
    for (const field& f : m.fields) {
        *os << " " << f.key << ": '" << f.value << "';";
    }
    *os << " }";
}
inline void PrintTo(const banner& b, std::ostream* os) {
    *os << "banner " << b.version;
}
inline void PrintTo(const decode_error& e, std::ostream* os) {
    *os << "error " << static_cast<int>(e.code) << " (" << e.detail << ")";
}

}  // namespace alarmd::protocols::ami

namespace alarmd::protocols::ami::test {

// tests/vectors/ami/<file>, byte for byte.
inline std::string read_vector(const std::string& file) {
    std::ifstream in(std::string{ALARMD_VECTORS_DIR "/ami/"} + file, std::ios::binary);
    EXPECT_TRUE(in.good()) << file;
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline const std::vector<std::string>& vector_files() {
    static const std::vector<std::string> files = {
        "incoming_queue_call_full.ami", "incoming_queue_call_key_events.ami",
        "panoramisk_login_failed.ami",  "panoramisk_login_ok.ami",
        "panoramisk_logoff.ami",        "panoramisk_ping.ami",
        "panoramisk_queue_status.ami",
    };
    return files;
}

// Feeds `bytes` in pieces of `chunk` (the whole at once when 0) and collects what next() yields.
inline std::vector<decoded> run_decoder(decoder& dec, std::string_view bytes, std::size_t chunk) {
    std::vector<decoded> out;
    while (!bytes.empty()) {
        const std::size_t n = chunk == 0 ? bytes.size() : std::min(chunk, bytes.size());
        dec.feed(bytes.substr(0, n));
        bytes.remove_prefix(n);
        while (auto d = dec.next()) {
            out.push_back(std::move(*d));
        }
    }
    return out;
}

inline std::vector<decoded> run_stream(std::string_view bytes, std::size_t chunk = 0,
                                       limits lim = {}) {
    decoder dec{lim};
    return run_decoder(dec, bytes, chunk);
}

// Fed as two pieces, cut at `at`.
inline std::vector<decoded> run_split(std::string_view bytes, std::size_t at, limits lim = {}) {
    decoder dec{lim};
    std::vector<decoded> out = run_decoder(dec, bytes.substr(0, at), 0);
    std::vector<decoded> rest = run_decoder(dec, bytes.substr(at), 0);
    out.insert(out.end(), std::make_move_iterator(rest.begin()),
               std::make_move_iterator(rest.end()));
    return out;
}

inline std::vector<message> messages_of(const std::vector<decoded>& all) {
    std::vector<message> out;
    for (const decoded& d : all) {
        if (const auto* m = std::get_if<message>(&d)) {
            out.push_back(*m);
        }
    }
    return out;
}

inline std::vector<decode_error> errors_of(const std::vector<decoded>& all) {
    std::vector<decode_error> out;
    for (const decoded& d : all) {
        if (const auto* e = std::get_if<decode_error>(&d)) {
            out.push_back(*e);
        }
    }
    return out;
}

// Event name -> how many.
inline std::map<std::string, int> event_counts(const std::vector<decoded>& all) {
    std::map<std::string, int> out;
    for (const message& m : messages_of(all)) {
        if (m.is_event()) {
            ++out[std::string{m.event()}];
        }
    }
    return out;
}

// The same text with every CRLF turned into a bare LF.
inline std::string lf_only(std::string_view crlf) {
    std::string out;
    for (std::size_t i = 0; i < crlf.size(); ++i) {
        if (crlf[i] == '\r' && i + 1 < crlf.size() && crlf[i + 1] == '\n') {
            continue;
        }
        out += crlf[i];
    }
    return out;
}

// For failure messages: what was yielded, one short line each.
inline std::string describe(const decoded& d) {
    if (const auto* b = std::get_if<banner>(&d)) {
        return "banner " + b->version;
    }
    if (const auto* e = std::get_if<decode_error>(&d)) {
        return "error " + make_error_code(e->code).message() + ": " + e->detail;
    }
    const message& m = std::get<message>(d);
    return m.fields.empty() ? "empty message"
                            : m.fields.front().key + ": " + m.fields.front().value;
}

}  // namespace alarmd::protocols::ami::test
