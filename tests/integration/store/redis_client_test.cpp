// redis_client against a real redis-server (tests/support/redis_server) on a real io_context.
// Every wait is "run the loop until this condition holds"; the only clock is a hang guard
// that turns a bug into a failed test instead of a stuck one.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "daemon/store/redis_client.hpp"
#include "daemon/store/reply_checks.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::store {
namespace {

using namespace std::chrono_literals;
using boost::system::error_code;
namespace asio = boost::asio;

constexpr auto hang_guard = 30s;

template <class Done>
[[nodiscard]] bool run_until(asio::io_context& ioc, Done done) {
    const auto give_up = std::chrono::steady_clock::now() + hang_guard;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= give_up) {
            return false;
        }
        if (ioc.stopped()) {
            ioc.restart();
        }
        ioc.run_one_for(50ms);
    }
    return true;
}

// One command's outcome, filled in by its callback.
struct outcome {
    int calls = 0;
    error_code ec;
    redis_reply reply;

    [[nodiscard]] redis_callback callback() {
        return [this](error_code e, redis_reply r) {
            ++calls;
            ec = e;
            reply = std::move(r);
        };
    }
    [[nodiscard]] bool done() const { return calls > 0; }
};

class RedisClientTest : public ::testing::Test {
protected:
    [[nodiscard]] redis_options options(std::string url = {}) const {
        redis_options o;
        o.url = url.empty() ? server_.url() : std::move(url);
        // Fast retries and health checks keep the reconnect tests short; correctness does not
        // depend on these values.
        o.connect_timeout = 500ms;
        o.ping_interval = 500ms;
        o.reconnect_min = 10ms;
        o.reconnect_max = 100ms;
        return o;
    }

    // Starts a client and runs the loop until it reports "up".
    std::unique_ptr<redis_client> connected_client(std::string url = {}) {
        auto client = std::make_unique<redis_client>(ioc_, options(std::move(url)));
        auto up = std::make_shared<bool>(false);
        client->on_state_change([up](bool is_up) { *up = is_up; });
        client->start();
        EXPECT_TRUE(run_until(ioc_, [&] { return *up; })) << "client never came up";
        EXPECT_TRUE(client->connected());
        return client;
    }

    // Runs one command to completion.
    outcome call(redis_client& client, redis_command args) {
        outcome o;
        client.command(std::move(args), o.callback());
        EXPECT_TRUE(run_until(ioc_, [&] { return o.done(); }));
        return o;
    }

    test::redis_server server_;
    asio::io_context ioc_;
};

TEST_F(RedisClientTest, SetThenGet) {
    auto client = connected_client();
    const auto set = call(*client, {"SET", "greeting", "hello alarm"});
    EXPECT_FALSE(set.ec) << set.ec.message();
    EXPECT_EQ(set.reply.type, redis_reply::kind::status);
    EXPECT_EQ(set.reply.str, "OK");

    const auto get = call(*client, {"GET", "greeting"});
    EXPECT_FALSE(get.ec) << get.ec.message();
    EXPECT_EQ(get.reply.type, redis_reply::kind::string);
    EXPECT_EQ(get.reply.str, "hello alarm");

    const auto missing = call(*client, {"GET", "no-such-key"});
    EXPECT_FALSE(missing.ec);
    EXPECT_EQ(missing.reply.type, redis_reply::kind::nil);
}

TEST_F(RedisClientTest, BinaryValuesAndNestedArraysAreCopied) {
    auto client = connected_client();
    const std::string binary("a\0b\r\nc", 6);
    EXPECT_FALSE(call(*client, {"SET", "bin", binary}).ec);
    EXPECT_EQ(call(*client, {"GET", "bin"}).reply.str, binary);

    const auto nested = call(*client, {"EVAL", "return {1, 'two', {3, {'four'}}}", "0"});
    ASSERT_FALSE(nested.ec);
    const auto& r = nested.reply;
    ASSERT_EQ(r.type, redis_reply::kind::array);
    ASSERT_EQ(r.elements.size(), 3u);
    EXPECT_EQ(r.elements[0].type, redis_reply::kind::integer);
    EXPECT_EQ(r.elements[0].integer, 1);
    EXPECT_EQ(r.elements[1].str, "two");
    ASSERT_EQ(r.elements[2].elements.size(), 2u);
    EXPECT_EQ(r.elements[2].elements[0].integer, 3);
    ASSERT_EQ(r.elements[2].elements[1].elements.size(), 1u);
    EXPECT_EQ(r.elements[2].elements[1].elements[0].str, "four");
}

// Group commit: transactions asked for in one turn of the loop go out as one MULTI/EXEC, each
// caller getting exactly its own replies; a plain command asked for after them is sent after
// them (it sees their writes).
TEST_F(RedisClientTest, TransactionsOfOneTurnAreOneMultiExecAndKeepTheirOrder) {
    auto client = connected_client();
    const auto multis_before = [&] {
        const auto info = call(*client, {"INFO", "commandstats"}).reply.str;
        const auto at = info.find("cmdstat_multi:calls=");
        return at == std::string::npos ? 0LL : std::atoll(info.c_str() + at + 20);
    };
    const auto before = multis_before();
    std::vector<outcome> txns(5);
    for (int i = 0; i < 5; ++i) {
        std::vector<redis_command> cmds{{"SET", "k" + std::to_string(i), std::to_string(i)}};
        for (int j = 0; j < i; ++j) {
            cmds.push_back({"INCR", "counter"});
        }
        client->transaction(std::move(cmds), txns[static_cast<std::size_t>(i)].callback());
    }
    outcome get;
    client->command({"GET", "counter"}, get.callback());
    ASSERT_TRUE(run_until(ioc_, [&] { return get.done(); }));
    for (int i = 0; i < 5; ++i) {
        const auto& t = txns[static_cast<std::size_t>(i)];
        ASSERT_TRUE(t.done()) << "transaction " << i << " answered before the later GET";
        EXPECT_FALSE(t.ec);
        ASSERT_EQ(t.reply.elements.size(), static_cast<std::size_t>(i + 1)) << i;
        EXPECT_EQ(t.reply.elements[0].str, "OK");
    }
    // INCRs 1..10 in order: transaction 4's last INCR answered 10.
    EXPECT_EQ(txns[4].reply.elements.back().integer, 10);
    EXPECT_EQ(get.reply.str, "10") << "the GET went out after the transactions";
    EXPECT_EQ(multis_before() - before, 1) << "five transactions, one MULTI";
}

// The commands of one group are folded (command_coalescer.hpp): what Redis holds afterwards is
// what the commands one by one would have left, each caller still gets one reply per command,
// and Redis ran fewer commands.
TEST_F(RedisClientTest, FoldedGroupLeavesWhatTheCommandsOneByOneWouldAndFewerCommandsRan) {
    auto client = connected_client();
    const auto calls_of = [&](const std::string& name) {
        const auto info = call(*client, {"INFO", "commandstats"}).reply.str;
        const auto tag = "cmdstat_" + name + ":calls=";
        const auto at = info.find(tag);
        return at == std::string::npos ? 0LL : std::atoll(info.c_str() + at + tag.size());
    };
    const auto rpush_before = calls_of("rpush");
    const auto hset_before = calls_of("hset");
    std::vector<outcome> txns(4);
    for (int i = 0; i < 4; ++i) {
        const auto n = std::to_string(i);
        client->transaction({{"RPUSH", "list", "a" + n},
                             {"HSET", "h", "head", "v" + n, "z" + n, n},
                             {"ZADD", "log", n, "m" + n}},
                            txns[static_cast<std::size_t>(i)].callback());
        if (i == 1) {
            // Ends the list's fold: the third and fourth appends come after the trim.
            client->transaction({{"LTRIM", "list", "-1", "-1"}}, {});
        }
    }
    outcome range;
    client->command({"LRANGE", "list", "0", "-1"}, range.callback());
    ASSERT_TRUE(run_until(ioc_, [&] { return range.done(); }));
    for (const auto& t : txns) {
        ASSERT_TRUE(t.done());
        ASSERT_FALSE(checked(t.ec, t.reply));
        EXPECT_EQ(t.reply.elements.size(), 3u);
    }
    ASSERT_EQ(range.reply.elements.size(), 3u);
    EXPECT_EQ(range.reply.elements[0].str, "a1");
    EXPECT_EQ(range.reply.elements[1].str, "a2");
    EXPECT_EQ(range.reply.elements[2].str, "a3");
    const auto head = call(*client, {"HGET", "h", "head"});
    EXPECT_EQ(head.reply.str, "v3") << "the last value of a field set again wins";
    EXPECT_EQ(call(*client, {"HLEN", "h"}).reply.integer, 5);
    EXPECT_EQ(call(*client, {"ZCARD", "log"}).reply.integer, 4);
    EXPECT_EQ(calls_of("rpush") - rpush_before, 2) << "two appends on each side of the trim";
    EXPECT_EQ(calls_of("hset") - hset_before, 1);
}

// Answers taken in one read are handed on together: a callback that throws (the daemon's loop
// logs it and goes on) must not leave the callbacks after it without their answers.
TEST_F(RedisClientTest, ACallbackThatThrowsLeavesTheOthersTheirAnswers) {
    auto client = connected_client();
    int answered = 0;
    client->command({"PING"}, [](error_code, redis_reply) {
        throw std::runtime_error("a handler failed");
    });
    client->command({"PING"}, [&](error_code ec, redis_reply r) {
        answered += !ec && r.str == "PONG" ? 1 : 0;
    });
    client->transaction({{"SET", "a", "1"}}, [](error_code, redis_reply) {
        throw std::runtime_error("a transaction's handler failed");
    });
    client->transaction({{"SET", "b", "2"}}, [&](error_code ec, redis_reply r) {
        answered += checked(ec, r) ? 0 : 1;
    });
    int thrown = 0;
    for (int i = 0; i < 10 && answered < 2; ++i) {
        try {
            (void)run_until(ioc_, [&] { return answered == 2; });
        } catch (const std::runtime_error&) {
            ++thrown;
        }
    }
    EXPECT_EQ(thrown, 2);
    EXPECT_EQ(answered, 2);
    EXPECT_EQ(call(*client, {"GET", "b"}).reply.str, "2");
}

TEST_F(RedisClientTest, TenThousandPipelinedCommandsAreAnsweredInOrder) {
    auto client = connected_client();
    constexpr int count = 10'000;
    std::vector<long long> answers;
    answers.reserve(count);
    int errors = 0;

    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < count; ++i) {
        client->command({"INCR", "pipelined"}, [&](error_code ec, redis_reply r) {
            if (ec || r.type != redis_reply::kind::integer) {
                ++errors;
            }
            answers.push_back(r.integer);
        });
    }
    ASSERT_TRUE(run_until(ioc_, [&] { return answers.size() == count; }));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;

    EXPECT_EQ(errors, 0);
    for (int i = 0; i < count; ++i) {
        ASSERT_EQ(answers[i], i + 1) << "reply " << i << " out of order";
    }
    std::cout << "pipelined " << count << " INCRs in " << took.count() * 1000 << " ms ("
              << static_cast<long>(count / took.count()) << " commands/s)\n";
}

TEST_F(RedisClientTest, TransactionReturnsTheExecArray) {
    auto client = connected_client();
    outcome o;
    client->transaction({{"SET", "k", "41"}, {"INCR", "k"}, {"GET", "k"}, {"LPUSH", "k", "x"}},
                        o.callback());
    ASSERT_TRUE(run_until(ioc_, [&] { return o.done(); }));
    ASSERT_FALSE(o.ec) << o.ec.message();
    ASSERT_EQ(o.reply.type, redis_reply::kind::array);
    ASSERT_EQ(o.reply.elements.size(), 4u);
    EXPECT_EQ(o.reply.elements[0].str, "OK");
    EXPECT_EQ(o.reply.elements[1].integer, 42);
    EXPECT_EQ(o.reply.elements[2].str, "42");
    // A run-time error of one command is part of the array, not a failed transaction...
    EXPECT_TRUE(o.reply.elements[3].is_error());
    EXPECT_EQ(o.calls, 1);
    // ...and the stores' check reads it as a failed write: that LPUSH did not happen.
    EXPECT_TRUE(checked(o.ec, o.reply));
    o.reply.elements.pop_back();
    EXPECT_FALSE(checked(o.ec, o.reply));
}

TEST_F(RedisClientTest, TransactionWithAQueueingErrorReportsThatError) {
    auto client = connected_client();
    outcome o;
    client->transaction({{"SET", "k", "1"}, {"SET", "k"}}, o.callback());  // wrong arity
    ASSERT_TRUE(run_until(ioc_, [&] { return o.done(); }));
    EXPECT_FALSE(o.ec);
    ASSERT_TRUE(o.reply.is_error());
    EXPECT_NE(o.reply.str.find("wrong number of arguments"), std::string::npos) << o.reply.str;
    // Nothing ran, and the connection is still usable after the aborted MULTI.
    EXPECT_EQ(call(*client, {"EXISTS", "k"}).reply.integer, 0);
    EXPECT_EQ(o.calls, 1);
}

TEST_F(RedisClientTest, ErrorReplyArrivesAsReplyWithoutErrorCode) {
    auto client = connected_client();
    EXPECT_FALSE(call(*client, {"SET", "text", "not a number"}).ec);
    const auto incr = call(*client, {"INCR", "text"});
    EXPECT_FALSE(incr.ec) << incr.ec.message();
    EXPECT_TRUE(incr.reply.is_error());
    EXPECT_EQ(incr.reply.str.rfind("ERR", 0), 0u) << incr.reply.str;
    EXPECT_TRUE(client->connected());
}

TEST_F(RedisClientTest, CommandWhileNotConnectedGetsAPostedError) {
    redis_client client(ioc_, options());  // never started
    outcome o;
    client.command({"PING"}, o.callback());
    EXPECT_EQ(o.calls, 0) << "the callback must not run inside command()";
    ASSERT_TRUE(run_until(ioc_, [&] { return o.done(); }));
    EXPECT_EQ(o.ec, asio::error::not_connected);

    outcome t;
    client.transaction({{"SET", "a", "1"}}, t.callback());
    EXPECT_EQ(t.calls, 0);
    ASSERT_TRUE(run_until(ioc_, [&] { return t.done(); }));
    EXPECT_EQ(t.ec, asio::error::not_connected);
}

TEST_F(RedisClientTest, PushModeCommandsAreRefused) {
    auto client = connected_client();
    const auto sub = call(*client, {"subscribe", "alarms"});
    EXPECT_EQ(sub.ec, asio::error::operation_not_supported);
    const auto empty = call(*client, {});
    EXPECT_EQ(empty.ec, asio::error::invalid_argument);
    EXPECT_EQ(call(*client, {"PING"}).reply.str, "PONG");
}

TEST_F(RedisClientTest, StateFollowsServerStopAndStartWithoutClientRestart) {
    redis_client client(ioc_, options());
    std::vector<bool> states;
    client.on_state_change([&](bool up) { states.push_back(up); });
    client.start();
    ASSERT_TRUE(run_until(ioc_, [&] { return states.size() == 1; }));
    EXPECT_TRUE(states.back());
    EXPECT_FALSE(call(client, {"SET", "before", "1"}).ec);

    server_.stop();
    ASSERT_TRUE(run_until(ioc_, [&] { return states.size() == 2; }));
    EXPECT_FALSE(states.back());
    EXPECT_FALSE(client.connected());
    EXPECT_EQ(call(client, {"GET", "before"}).ec, asio::error::not_connected);

    server_.start();
    ASSERT_TRUE(run_until(ioc_, [&] { return states.size() == 3; }));
    EXPECT_TRUE(states.back());
    const auto set = call(client, {"SET", "after", "2"});
    EXPECT_FALSE(set.ec) << set.ec.message();
    EXPECT_EQ(call(client, {"GET", "after"}).reply.str, "2");
    EXPECT_EQ(states, (std::vector<bool>{true, false, true}));
}

TEST_F(RedisClientTest, PendingCommandsGetExactlyOneErrorWhenTheServerStops) {
    auto client = connected_client();
    auto observer = connected_client();
    std::vector<outcome> outcomes(101);
    // BLPOP on an empty list holds the connection, so everything behind it stays pending.
    client->command({"BLPOP", "never-filled", "0"}, outcomes[0].callback());
    for (int i = 1; i <= 100; ++i) {
        client->command({"SET", "queued", std::to_string(i)}, outcomes[i].callback());
    }
    // The BLPOP has reached the server once the server counts a blocked client.
    ASSERT_TRUE(run_until(ioc_, [&] {
        const auto info = call(*observer, {"INFO", "clients"});
        return info.reply.str.find("blocked_clients:1") != std::string::npos;
    }));
    for (const auto& o : outcomes) {
        EXPECT_EQ(o.calls, 0);
    }

    server_.stop();
    ASSERT_TRUE(run_until(ioc_, [&] {
        return std::all_of(outcomes.begin(), outcomes.end(), [](auto& o) { return o.done(); });
    }));
    for (const auto& o : outcomes) {
        EXPECT_EQ(o.ec, asio::error::connection_reset) << o.ec.message();
    }

    // After a full reconnect and a round trip no callback has run a second time.
    server_.start();
    ASSERT_TRUE(run_until(ioc_, [&] { return client->connected(); }));
    EXPECT_FALSE(call(*client, {"PING"}).ec);
    for (const auto& o : outcomes) {
        EXPECT_EQ(o.calls, 1);
    }
}

TEST_F(RedisClientTest, UnansweredPingsMarkAHungServerDown) {
    auto opts = options();
    opts.ping_interval = 100ms;
    opts.connect_timeout = 200ms;
    redis_client client(ioc_, opts);
    std::vector<bool> states;
    client.on_state_change([&](bool up) { states.push_back(up); });
    client.start();
    ASSERT_TRUE(run_until(ioc_, [&] { return states.size() == 1; }));

    // A stopped process still has its sockets: the kernel queues the command, nobody answers.
    server_.pause();
    outcome stuck;
    client.command({"GET", "anything"}, stuck.callback());
    ASSERT_TRUE(run_until(ioc_, [&] { return states.size() == 2; }));
    EXPECT_FALSE(states.back());
    ASSERT_TRUE(run_until(ioc_, [&] { return stuck.done(); }));
    EXPECT_EQ(stuck.ec, asio::error::timed_out) << stuck.ec.message();

    // While it stays paused, each attempt gets through the TCP handshake (the kernel does it)
    // and then waits for a SELECT reply that never comes: only the connect timeout can end it
    // and let the next attempt begin.
    const auto attempts = client.connect_attempts();
    ASSERT_TRUE(run_until(ioc_, [&] { return client.connect_attempts() >= attempts + 2; }));
    EXPECT_EQ(states.size(), 2u);
    EXPECT_FALSE(client.connected());

    server_.resume();
    ASSERT_TRUE(run_until(ioc_, [&] { return states.size() == 3; }));
    EXPECT_TRUE(states.back());
    EXPECT_EQ(call(client, {"PING"}).reply.str, "PONG");
    EXPECT_EQ(stuck.calls, 1);
}

TEST_F(RedisClientTest, StartsWhileTheServerIsDownAndConnectsWhenItComesUp) {
    server_.stop();
    redis_client client(ioc_, options());
    std::vector<bool> states;
    client.on_state_change([&](bool up) { states.push_back(up); });
    client.start();
    // Refused connects are retried (with back-off) and report no state change.
    ASSERT_TRUE(run_until(ioc_, [&] { return client.connect_attempts() >= 3; }));
    EXPECT_TRUE(states.empty());
    EXPECT_EQ(call(client, {"PING"}).ec, asio::error::not_connected);

    server_.start();
    ASSERT_TRUE(run_until(ioc_, [&] { return !states.empty(); }));
    EXPECT_EQ(states, (std::vector<bool>{true}));
    EXPECT_EQ(call(client, {"PING"}).reply.str, "PONG");
}

TEST_F(RedisClientTest, WrongPasswordOrDatabaseNeverComesUpButKeepsRetrying) {
    auto admin = connected_client();
    EXPECT_FALSE(call(*admin, {"CONFIG", "SET", "requirepass", "right"}).ec);
    const std::string address = "127.0.0.1:" + std::to_string(server_.port());
    for (const std::string& url : {"redis://:wrong@" + address + "/0",       // AUTH fails
                                   "redis://" + address + "/0",              // NOAUTH on SELECT
                                   "redis://:right@" + address + "/999"}) {  // no such db
        SCOPED_TRACE(url);
        redis_client client(ioc_, options(url));
        bool state_changed = false;
        client.on_state_change([&](bool) { state_changed = true; });
        client.start();
        ASSERT_TRUE(run_until(ioc_, [&] { return client.connect_attempts() >= 3; }));
        EXPECT_FALSE(state_changed);
        EXPECT_FALSE(client.connected());
    }
}

TEST_F(RedisClientTest, StopAbortsPendingCommandsAndLeavesNoWork) {
    auto client = connected_client();
    std::vector<bool> states;
    client->on_state_change([&](bool up) { states.push_back(up); });
    outcome blocked;
    client->command({"BLPOP", "never-filled", "0"}, blocked.callback());
    client->stop();
    EXPECT_EQ(blocked.calls, 0) << "aborted callbacks are posted, not run inside stop()";
    EXPECT_FALSE(client->connected());

    // run() returns only when no work is left: no timer, no socket wait, no retry.
    ioc_.restart();
    ioc_.run_for(hang_guard);
    EXPECT_TRUE(ioc_.stopped()) << "stop() left work on the io_context";
    EXPECT_EQ(blocked.calls, 1);
    EXPECT_EQ(blocked.ec, asio::error::operation_aborted);
    EXPECT_EQ(states, (std::vector<bool>{false}));

    // And it can start again.
    client->start();
    ASSERT_TRUE(run_until(ioc_, [&] { return client->connected(); }));
    EXPECT_EQ(call(*client, {"PING"}).reply.str, "PONG");
}

TEST_F(RedisClientTest, DestructorWhileConnectedAbortsPendingAndLeavesNoWork) {
    auto client = connected_client();
    outcome blocked;
    client->command({"BLPOP", "never-filled", "0"}, blocked.callback());
    bool state_called_after_destruction = false;
    client->on_state_change([&](bool) { state_called_after_destruction = true; });
    client.reset();

    ioc_.restart();
    ioc_.run_for(hang_guard);
    EXPECT_TRUE(ioc_.stopped());
    EXPECT_EQ(blocked.calls, 1);
    EXPECT_EQ(blocked.ec, asio::error::operation_aborted);
    EXPECT_FALSE(state_called_after_destruction);
}

TEST_F(RedisClientTest, DestroyingTheClientFromItsOwnCallbackIsSafe) {
    auto client = connected_client();
    outcome second;
    client->command({"PING"}, [&](error_code, redis_reply) { client.reset(); });
    client->command({"PING"}, second.callback());
    ASSERT_TRUE(run_until(ioc_, [&] { return second.done(); }));
    // The second PING was answered in the same read as the first, or aborted by the reset.
    EXPECT_TRUE(!second.ec || second.ec == asio::error::operation_aborted) << second.ec.message();
    EXPECT_EQ(client, nullptr);
}

TEST_F(RedisClientTest, ConnectsOverAUnixSocket) {
    redis_endpoint ep;
    std::string error;
    ASSERT_TRUE(parse_redis_url(server_.unix_url(), ep, error)) << error;
    EXPECT_TRUE(ep.unix_socket);
    EXPECT_EQ(ep.path, server_.unix_socket_path());

    auto client = connected_client(server_.unix_url());
    EXPECT_FALSE(call(*client, {"SET", "via", "unix"}).ec);
    EXPECT_EQ(call(*client, {"GET", "via"}).reply.str, "unix");
}

// A host name is resolved by Asio off the event loop (hiredis would block the loop in
// getaddrinfo on every reconnect); a name that does not resolve is retried like a refused connect.
TEST_F(RedisClientTest, ConnectsByHostName) {
    auto client = connected_client("redis://localhost:" + std::to_string(server_.port()) + "/0");
    EXPECT_FALSE(call(*client, {"SET", "via", "name"}).ec);
    EXPECT_EQ(call(*client, {"GET", "via"}).reply.str, "name");
}

TEST_F(RedisClientTest, AHostNameThatDoesNotResolveIsRetried) {
    redis_client client(ioc_, options("redis://no-such-host.invalid:6379/0"));
    client.start();
    EXPECT_TRUE(run_until(ioc_, [&] { return client.connect_attempts() >= 3; }));
    EXPECT_FALSE(client.connected());
    client.stop();
}

TEST_F(RedisClientTest, SelectsTheDatabaseAndAuthenticates) {
    auto admin = connected_client();
    EXPECT_FALSE(call(*admin, {"SET", "where", "db0"}).ec);
    EXPECT_FALSE(call(*admin, {"CONFIG", "SET", "requirepass", "s3cret pass"}).ec);

    auto client = connected_client(
        "redis://:s3cret%20pass@127.0.0.1:" + std::to_string(server_.port()) + "/3");
    EXPECT_EQ(call(*client, {"GET", "where"}).reply.type, redis_reply::kind::nil);
    EXPECT_FALSE(call(*client, {"SET", "where", "db3"}).ec);
    EXPECT_EQ(call(*admin, {"GET", "where"}).reply.str, "db0");
}

}  // namespace
}  // namespace alarmd::store
