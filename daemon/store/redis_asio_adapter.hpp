#pragma once
// Drives a hiredis 0.14 async context from a boost::asio::io_context. hiredis ships adapters
// for libev/libevent/glib but none for Asio, and 0.14 has no timer hook: connect and health
// time-outs live in redis_client, not here.
#include <cstddef>
#include <functional>

struct redisAsyncContext;

namespace boost::asio {
class io_context;
}

namespace alarmd::store::detail {

// Hooks ac's read/write events to ioc. Call it before redisAsyncSetConnectCallback: in 0.14
// that call is what asks for the first write event (how a finished connect is detected).
// Returns false when ac already has an event library or its fd cannot be registered; ac is
// then untouched and still the caller's to free. The adapter owns itself and goes away when
// hiredis frees the context (ev.cleanup); it never closes the fd, which hiredis owns.
// Single-threaded: ac must only be used from the thread running ioc.
// after_read, when given, runs after every read hiredis handled, outside hiredis (it may free
// the context): where replies taken during the read are handed on.
[[nodiscard]] bool attach_to_asio(boost::asio::io_context& ioc, redisAsyncContext* ac,
                                  std::function<void()> after_read = {});

// Writes what hiredis holds for ac now instead of at the end of the loop turn. Never from
// inside a hiredis callback.
void write_now(redisAsyncContext* ac);

// Makes room in hiredis's output buffer for bytes more before a batch of commands is added:
// hiredis empties the buffer after every complete write and grew it again for each group
// commit by reallocation (about two per group in a storm, each copying what it held; one
// allocation now). On failure the buffer is left as it is and hiredis grows it as before.
void reserve_output(redisAsyncContext* ac, std::size_t bytes);

}  // namespace alarmd::store::detail
