#pragma once
// What a decoded DC-09 frame means and what it is answered (brief §7, our policy), shared by the
// TCP and UDP transports:
//  - no complete frame, or a receiver response: no answer;
//  - CRC / length / header / decryption errors, a timestamp outside the window, an unknown
//    account, a peer not in the account's allowed_sources, a plain frame for an account with a
//    key: NAK, nothing stored;
//  - an unsupported token, or Contact ID / DC-03 data that does not decode: DUH;
//  - otherwise the frame's events go through the pipeline, and the ACK (or *ACK) is sent only
//    once every one of them is durable in Redis; when not durable, no answer (the panel
//    retries, and the retry is folded by correlation). A retried sequence number with the same
//    content is ACKed again without a second event.
// Every accepted message restarts the account's supervision. Runs on the io_context thread.
#include <memory>

#include "daemon/config/config.hpp"
#include "daemon/ingest/sia/handler.hpp"

namespace alarmd::pipeline {
class event_sink;
class supervision;
}  // namespace alarmd::pipeline
namespace alarmd::sys {
struct metrics;
}

namespace alarmd::ingest {

class sia_router {
public:
    sia_router(pipeline::event_sink& pipe, const config::config& cfg, sys::metrics& m,
               pipeline::supervision& supervision);
    ~sia_router();
    sia_router(const sia_router&) = delete;
    sia_router& operator=(const sia_router&) = delete;

    // The config was replaced (SIGHUP): accounts, keys and allowed sources are read again.
    void reload(const config::config& cfg);

    // The handler for a transport: keys for its decoder, and on_frame below.
    [[nodiscard]] sia_handler handler();

    void on_frame(const protocols::sia_dc09::decoded& d, const peer& peer, std::string_view raw,
                  reply_fn reply);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace alarmd::ingest
