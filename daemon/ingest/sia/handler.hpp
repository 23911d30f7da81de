#pragma once
// What the SIA transports (TCP listener, UDP socket) hand each decoded frame to, and how the
// answer comes back. The transports know bytes and connections; sia_router knows what a frame
// means.
#include <functional>
#include <string_view>

#include "daemon/ingest/net/peer.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/key_lookup.hpp"

namespace alarmd::ingest {

struct sia_handler {
    // For the decoder: the AES key of an account (encrypted frames are decrypted while decoding).
    protocols::sia_dc09::key_lookup keys;
    // One decoder result. `raw` is the frame as received when the transport has it (UDP), else
    // empty; it is valid only during the call.
    std::function<void(const protocols::sia_dc09::decoded& d, const peer& from,
                       std::string_view raw, reply_fn reply)>
        on_frame;
};

}  // namespace alarmd::ingest
