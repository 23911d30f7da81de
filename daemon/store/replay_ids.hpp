#pragma once
// The replay log's place in Redis: a stream whose entry ids are the messages' seqs ("seq-0"), so
// a range of seqs is one XRANGE and the newest is one XREVRANGE.
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace alarmd::store {

inline constexpr std::string_view replay_key = "ws:replay";
inline constexpr std::string_view replay_field = "m";

inline std::string replay_id(std::uint64_t seq) { return std::to_string(seq) + "-0"; }

// The seq of a stream id "seq-0"; 0 for anything else.
inline std::uint64_t seq_of_replay_id(std::string_view id) {
    std::uint64_t seq = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), seq);
    return ec == std::errc{} && end != id.data() && (end == id.data() + id.size() || *end == '-')
               ? seq
               : 0;
}

}  // namespace alarmd::store
