// server.max_connections: past the cap a new connection is closed at once without an answer,
// WebSocket sessions count while they are open, and a connection that ends makes room again.
#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

using namespace std::chrono_literals;

const std::string health_request =
    "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

bool answered(int port) {
    return plain_exchange(port, health_request, 10s).starts_with("HTTP/1.1 200");
}

// An idle keep-alive connection that has been served once (so it holds a slot). Connections
// of the fixture's start may still hold theirs for a moment: tried again until served (a
// wait, not a timing assertion).
std::unique_ptr<http_connection> served_connection(int port) {
    for (int i = 0; i < 600; ++i) {
        auto c = std::make_unique<http_connection>(port);
        try {
            if (c->call("GET", "/healthz").status == 200) {
                return c;
            }
        } catch (const std::exception&) {
            // closed at the cap
        }
        std::this_thread::sleep_for(50ms);
    }
    return nullptr;
}

// True once a new connection is answered (the server has seen a closed one end).
bool room_again(int port) {
    for (int i = 0; i < 600; ++i) {
        if (answered(port)) {
            return true;
        }
        std::this_thread::sleep_for(50ms);
    }
    return false;
}

class ConnectionLimit : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{with_server_keys(test_config_yaml(redis.url()), "max_connections: 3")};
};

TEST_F(ConnectionLimit, TheFourthIsClosedAndOneEndingMakesRoom) {
    std::vector<std::unique_ptr<http_connection>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(served_connection(daemon.port()));
        ASSERT_TRUE(held.back()) << "connection " << i << " was never served";
    }
    EXPECT_EQ(plain_exchange(daemon.port(), health_request, 10s), "");
    EXPECT_EQ(ws_refusal_status(daemon.port(), "tok-g01"), 0);  // no answer at all

    // The held ones are still served.
    EXPECT_EQ(held[0]->call("GET", "/healthz").status, 200);
    held.pop_back();
    EXPECT_TRUE(room_again(daemon.port()));
}

TEST_F(ConnectionLimit, AWebSocketCountsWhileOpen) {
    auto guard = std::make_unique<ws_client>(daemon.port(), "tok-g01");
    ASSERT_TRUE(guard->next_of("hello"));
    std::vector<std::unique_ptr<http_connection>> held;
    for (int i = 0; i < 2; ++i) {
        held.push_back(served_connection(daemon.port()));
        ASSERT_TRUE(held.back());
    }
    EXPECT_EQ(plain_exchange(daemon.port(), health_request, 10s), "");
    guard.reset();  // closes the WebSocket
    EXPECT_TRUE(room_again(daemon.port()));
}

}  // namespace
}  // namespace alarmd::test
