#pragma once
// Who sent a frame, and how its answer goes back: shared by every receiver's transports.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace alarmd::ingest {

enum class transport_kind { tcp, udp };

[[nodiscard]] constexpr std::string_view to_string(transport_kind t) {
    return t == transport_kind::tcp ? "tcp" : "udp";
}

struct peer {
    transport_kind transport = transport_kind::tcp;
    std::string address;  // IP address as text
    std::uint16_t port = 0;
};

// Called exactly once per frame, now or later, with the answer's bytes (empty: no answer) and
// whether the frame was accepted: only accepted frames keep a connection alive, so garbage,
// bad checksums and unknown senders cannot hold a connection slot for ever.
using reply_fn = std::function<void(std::string answer, bool accepted)>;

}  // namespace alarmd::ingest
