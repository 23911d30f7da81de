#pragma once
// What the SIA transports (TCP listener, UDP socket) hand each decoded frame to, and how the
// answer comes back. The transports know bytes and connections; sia_router knows what a frame
// means.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/key_lookup.hpp"

namespace alarmd::ingest {

enum class sia_transport { tcp, udp };

[[nodiscard]] constexpr std::string_view to_string(sia_transport t) {
    return t == sia_transport::tcp ? "tcp" : "udp";
}

struct sia_peer {
    sia_transport transport = sia_transport::tcp;
    std::string address;  // IP address as text
    std::uint16_t port = 0;
};

// Called exactly once per frame, now or later, with the answer's bytes (empty: no answer) and
// whether the frame was accepted (ACKed): only accepted frames keep a connection alive, so
// garbage, bad CRCs and unknown accounts cannot hold a connection slot for ever.
using sia_reply = std::function<void(std::string answer, bool accepted)>;

struct sia_handler {
    // For the decoder: the AES key of an account (encrypted frames are decrypted while decoding).
    protocols::sia_dc09::key_lookup keys;
    // One decoder result. `raw` is the frame as received when the transport has it (UDP), else
    // empty; it is valid only during the call.
    std::function<void(const protocols::sia_dc09::decoded& d, const sia_peer& peer,
                       std::string_view raw, sia_reply reply)>
        on_frame;
};

}  // namespace alarmd::ingest
