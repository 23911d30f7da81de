#pragma once
// Open connections counted against a cap (server.max_connections). A connection holds a slot for
// as long as it is open and gives it back when it ends, whoever ends it. The slot moves with the
// connection's stream, so a WebSocket session counts until it closes. Event-loop thread only.
#include <cstddef>
#include <memory>
#include <optional>

namespace alarmd::sys {

class connection_limit {
    struct state {
        std::size_t open = 0;
        std::size_t max = 0;
    };

public:
    class slot {
    public:
        slot() = default;
        slot(slot&& other) noexcept = default;
        slot& operator=(slot&& other) noexcept;
        slot(const slot&) = delete;
        slot& operator=(const slot&) = delete;
        ~slot();

    private:
        friend class connection_limit;
        explicit slot(std::shared_ptr<state> s) : state_(std::move(s)) {}
        void release();
        // Shared: a connection may outlive the listener that counted it (shutdown).
        std::shared_ptr<state> state_;
    };

    explicit connection_limit(std::size_t max);

    // A slot, or nullopt when `max` connections are open already.
    [[nodiscard]] std::optional<slot> try_take();
    // A lower cap closes nothing: it only refuses new connections until enough have ended.
    void set_max(std::size_t max) { state_->max = max; }
    [[nodiscard]] std::size_t open() const { return state_->open; }
    [[nodiscard]] std::size_t max() const { return state_->max; }

private:
    std::shared_ptr<state> state_;
};

}  // namespace alarmd::sys
