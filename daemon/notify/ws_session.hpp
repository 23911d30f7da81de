#pragma once
// One guard's WebSocket connection: handshake, hello, the request loop, a bounded write queue
// and resume. Lives as long as its connection (shared_ptr held by the hub and its operations).
// The same code serves ws:// and wss://: the connection is a sys::byte_stream, plain or TLS.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "daemon/notify/ws_hub.hpp"
#include "daemon/sys/byte_stream.hpp"

namespace alarmd::notify {

// A resume in progress: replayed page by page as the queue drains, so a gap of any size
// the replay log holds reaches a client without overflowing its queue.
struct ws_replay_run {
    std::uint64_t cursor = 0;  // replayed up to here
    std::uint64_t upto = 0;    // the end of the range being replayed
    boost::json::value ref;
    std::size_t sent = 0;
    bool reading = false;  // a page read is under way
    // Live messages that arrived beyond what the session may hold meanwhile: replayed from
    // the log after the range, from this seq on.
    std::optional<std::uint64_t> catch_up_after;
};

class ws_session : public std::enable_shared_from_this<ws_session> {
public:
    ws_session(ws_hub& hub, sys::byte_stream stream, ws_identity who);

    void start(boost::beast::http::request<boost::beast::http::string_body> req);

    // Queues a published message; drops the client when its queue is full. False when the
    // session is not (or no longer) open.
    bool deliver(std::uint64_t seq, const std::shared_ptr<const std::string>& message);

    // A clean WebSocket close (server shutdown).
    void close();

    [[nodiscard]] const ws_identity& who() const { return who_; }

private:
    boost::asio::awaitable<void> run(
        boost::beast::http::request<boost::beast::http::string_body> req);
    void send_hello();
    void handle(const std::string& text);
    void resume(std::uint64_t after_seq, boost::json::value ref);
    void continue_replay();
    void read_replay_page();
    [[nodiscard]] std::size_t replay_page_size() const;
    void on_replay_page(bool ok, std::vector<replay_entry> entries);
    void take_replay_page(const std::vector<replay_entry>& entries);
    void end_replay(bool complete);
    void reply(const boost::json::value& ref, boost::json::object body);
    [[nodiscard]] bool addressed_to_me(const std::string& message) const;
    void enqueue(std::shared_ptr<const std::string> message);
    void do_write();
    void on_write(boost::beast::error_code ec);
    void drop(const char* reason);

    ws_hub& hub_;
    boost::beast::websocket::stream<sys::byte_stream> ws_;
    ws_identity who_;
    boost::beast::flat_buffer buffer_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    bool writing_ = false;
    bool open_ = false;     // handshake done and not closed
    bool greeted_ = false;  // hello sent: published messages go out from here on
    bool closing_ = false;  // a close was asked for; sent once the queue is flushed
    std::uint64_t hello_seq_ = 0;

    std::optional<ws_replay_run> replay_;  // a resume in progress
    // Live messages during a replay, with their seqs.
    std::deque<std::pair<std::uint64_t, std::shared_ptr<const std::string>>> held_;
    std::string peer_;
};

}  // namespace alarmd::notify
