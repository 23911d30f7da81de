#include "daemon/store/redis_asio_adapter.hpp"

#include <cstdint>
#include <memory>

#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/system/error_code.hpp>

// sds.h declares C functions with no extern "C" of its own, and hiredis.h includes it: first.
extern "C" {
#include <hiredis/sds.h>
}
#include <hiredis/async.h>

namespace alarmd::store::detail {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

// One per redisAsyncContext. hiredis only asks for readiness ("tell me when I can read") and
// does the I/O itself, so the descriptor is used for async_wait only.
class asio_adapter : public std::enable_shared_from_this<asio_adapter> {
public:
    asio_adapter(asio::io_context& ioc, redisAsyncContext* ac, std::function<void()> after_read)
        : ac_(ac), sd_(ioc, ac->c.fd), after_read_(std::move(after_read)) {}

    // Installs the hooks. The self-reference keeps the adapter alive as long as hiredis may
    // call a hook; cleanup() drops it.
    void hook() {
        self_ = shared_from_this();
        ac_->ev.data = this;
        ac_->ev.addRead = [](void* p) { static_cast<asio_adapter*>(p)->add_read(); };
        ac_->ev.delRead = [](void* p) { static_cast<asio_adapter*>(p)->want_read_ = false; };
        ac_->ev.addWrite = [](void* p) { static_cast<asio_adapter*>(p)->add_write(); };
        ac_->ev.delWrite = [](void* p) { static_cast<asio_adapter*>(p)->want_write_ = false; };
        ac_->ev.cleanup = [](void* p) { static_cast<asio_adapter*>(p)->cleanup(); };
    }

    // The end of the caller's own turn of the loop (a group commit just queued its commands):
    // written now rather than by the write posted for the end of the loop turn, which saves the
    // loop a round (and its epoll_wait) per transaction. The posted write then finds nothing.
    void write_now() {
        if (ac_ != nullptr && want_write_ && !in_write_ && (ac_->c.flags & REDIS_CONNECTED) != 0) {
            on_writable(error_code{});
        }
    }

private:
    void add_read() {
        want_read_ = true;
        arm_read();
    }

    // hiredis has commands to send. On a connected socket the write is tried once the handlers
    // of this turn of the loop have run, not after a readiness wait: a socket with room (nearly
    // always) takes it at once, with no epoll_ctl and no epoll_wait in between, and every
    // command issued in the same turn goes out in that one write. A connect in progress waits
    // for writability (hiredis reads it as "connected"), and so does a write that found the
    // socket full: on_writable arms the wait when hiredis asks again from inside the write.
    void add_write() {
        want_write_ = true;
        if (write_armed_ || in_write_ || ac_ == nullptr) {
            return;
        }
        if ((ac_->c.flags & REDIS_CONNECTED) == 0) {
            arm_write();
            return;
        }
        write_armed_ = true;
        asio::post(sd_.get_executor(),
                   [self = shared_from_this()] { self->on_writable(error_code{}); });
    }

    // At most one wait per direction is outstanding. delRead/delWrite only clear the flag:
    // the armed wait still completes and is then ignored (cancelling it would cost a syscall
    // on every write and gains nothing). A wait of a registration that reregister() replaced
    // is ignored by its generation.
    void arm_read() {
        if (read_armed_ || ac_ == nullptr) {
            return;
        }
        read_armed_ = true;
        // The handler holds a strong reference: redisAsyncHandleRead may free the context,
        // which runs cleanup() and drops self_ while the handler is still on the stack.
        sd_.async_wait(asio::posix::stream_descriptor::wait_read,
                       [self = shared_from_this(), gen = generation_](error_code ec) {
                           if (gen == self->generation_) {
                               self->on_readable(ec);
                           }
                       });
    }

    void arm_write() {
        if (write_armed_ || ac_ == nullptr) {
            return;
        }
        write_armed_ = true;
        sd_.async_wait(asio::posix::stream_descriptor::wait_write,
                       [self = shared_from_this(), gen = generation_](error_code ec) {
                           if (gen == self->generation_) {
                               self->on_writable(ec);
                           }
                       });
    }

    // The connect was seen through a write wait, which left EPOLLOUT in the socket's epoll
    // registration for good: every later read wait re-arms the registration (epoll_ctl), and
    // the always-writable socket then woke the loop once more per Redis round trip. A fresh
    // registration, asked for reads only.
    void reregister() {
        const int fd = sd_.release();  // cancels the waits of the old registration
        ++generation_;
        read_armed_ = false;
        write_armed_ = false;
        error_code ec;
        sd_.assign(fd, ec);
        if (ec) {
            // Not registered, so nothing would ever be read: end the connection (hiredis
            // reports it, and redis_client connects again).
            redisAsyncDisconnect(ac_);
            return;
        }
        if (want_read_) {
            arm_read();
        }
        if (want_write_) {
            add_write();
        }
    }

    void on_readable(error_code ec) {
        read_armed_ = false;
        // Any other error is left for hiredis's own read() to discover and report.
        if (ec == asio::error::operation_aborted || ac_ == nullptr || !want_read_) {
            return;
        }
        redisAsyncHandleRead(ac_);
        if (ac_ != nullptr && want_read_) {
            arm_read();
        }
        if (after_read_) {
            after_read_();  // last: it may free the context (this adapter lives on in `self`)
        }
    }

    void on_writable(error_code ec) {
        write_armed_ = false;
        if (ec == asio::error::operation_aborted || ac_ == nullptr || !want_write_) {
            return;
        }
        const bool connecting = (ac_->c.flags & REDIS_CONNECTED) == 0;
        in_write_ = true;
        redisAsyncHandleWrite(ac_);
        in_write_ = false;
        if (connecting && ac_ != nullptr && (ac_->c.flags & REDIS_CONNECTED) != 0) {
            reregister();
            return;
        }
        if (ac_ != nullptr && want_write_) {
            arm_write();
        }
    }

    // hiredis is about to free the context and close the fd. release() deregisters the fd and
    // cancels our waits without closing it: closing it here as well would be a double close,
    // or worse the close of an fd number already reused by someone else.
    void cleanup() {
        ac_ = nullptr;
        want_read_ = false;
        want_write_ = false;
        sd_.release();
        // Last statement: this may destroy *this when no wait handler is pending.
        auto last = std::move(self_);
    }

    redisAsyncContext* ac_;
    asio::posix::stream_descriptor sd_;
    std::shared_ptr<asio_adapter> self_;
    bool want_read_ = false;
    bool want_write_ = false;
    bool read_armed_ = false;
    bool write_armed_ = false;
    bool in_write_ = false;  // inside redisAsyncHandleWrite: a new add_write means "socket full"
    std::uint64_t generation_ = 0;  // of the socket's registration (reregister)
    std::function<void()> after_read_;
};

}  // namespace

void write_now(redisAsyncContext* ac) {
    if (ac != nullptr && ac->ev.data != nullptr) {
        static_cast<asio_adapter*>(ac->ev.data)->write_now();
    }
}

void reserve_output(redisAsyncContext* ac, std::size_t bytes) {
    if (ac == nullptr || ac->c.obuf == nullptr) {
        return;
    }
    if (sds grown = sdsMakeRoomFor(ac->c.obuf, bytes); grown != nullptr) {
        ac->c.obuf = grown;
    }
}

bool attach_to_asio(boost::asio::io_context& ioc, redisAsyncContext* ac,
                    std::function<void()> after_read) {
    if (ac == nullptr || ac->ev.data != nullptr || ac->c.fd < 0) {
        return false;
    }
    std::shared_ptr<asio_adapter> adapter;
    try {
        adapter = std::make_shared<asio_adapter>(ioc, ac, std::move(after_read));
    } catch (const boost::system::system_error&) {
        // The reactor refused the fd (epoll_ctl failed): the caller frees ac and retries.
        return false;
    }
    adapter->hook();
    return true;
}

}  // namespace alarmd::store::detail
