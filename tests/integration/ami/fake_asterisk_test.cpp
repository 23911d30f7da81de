// The fake Asterisk (tests/support/fake_asterisk) as a client sees it over a real loopback
// socket, read with the AMI codec: banner, login, refusal, ping, played sessions, drops and
// reconnects; and the fake-asterisk executable wrapping it.
#include "tests/support/fake_asterisk.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <array>
#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "protocols/ami/decoder.hpp"
#include "protocols/ami/encoder.hpp"
#include "tests/integration/ingest/test_tools.hpp"

extern char** environ;

namespace alarmd::test {
namespace {

namespace ami = protocols::ami;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

std::string read_vector(const std::string& file) {
    std::ifstream in(std::string{ALARMD_VECTORS_DIR "/ami/"} + file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A plain blocking client socket, read through the AMI decoder.
class client {
public:
    explicit client(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            throw std::runtime_error("cannot connect to the fake Asterisk");
        }
    }
    ~client() { ::close(fd_); }
    client(const client&) = delete;
    client& operator=(const client&) = delete;

    void send(const std::string& bytes) {
        ASSERT_EQ(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(bytes.size()));
    }

    // The next thing decoded, waiting up to `wait`; nullopt on timeout or end of stream.
    std::optional<ami::decoded> next(std::chrono::milliseconds wait = 5s) {
        const auto until = steady::now() + wait;
        for (;;) {
            if (auto d = dec_.next()) {
                return d;
            }
            if (eof_ || !read_some(until)) {
                return std::nullopt;
            }
        }
    }

    ami::message next_message(std::chrono::milliseconds wait = 5s) {
        auto d = next(wait);
        if (!d || !std::holds_alternative<ami::message>(*d)) {
            ADD_FAILURE() << "no message";
            return {};
        }
        return std::get<ami::message>(*d);
    }

    // True when the server closed the connection within `wait` (and sent nothing more).
    bool closed_by_server(std::chrono::milliseconds wait = 5s) {
        const auto until = steady::now() + wait;
        while (!eof_) {
            if (dec_.next().has_value() || !read_some(until)) {
                return false;
            }
        }
        return true;
    }

    void login(const std::string& user = "alarmd", const std::string& secret = "secret") {
        send(ami::login_action("login-1", user, secret));
        const ami::message ok = next_message();
        ASSERT_EQ(ok.response(), "Success");
        ASSERT_EQ(next_message().event(), "FullyBooted");
    }

private:
    bool read_some(steady::time_point until) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - steady::now());
        pollfd p{fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return false;
        }
        std::array<char, 4096> buf{};
        const auto n = ::recv(fd_, buf.data(), buf.size(), 0);
        if (n <= 0) {
            eof_ = true;
            return true;
        }
        dec_.feed(std::string_view{buf.data(), static_cast<std::size_t>(n)});
        return true;
    }

    int fd_ = -1;
    ami::decoder dec_;
    bool eof_ = false;
};

TEST(AmiFakeAsterisk, SendsTheBannerOnConnect) {
    fake_asterisk server;
    EXPECT_NE(server.port(), 0);
    client c{server.port()};
    const auto d = c.next();
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(std::get<ami::banner>(*d).version, "5.0.1");

    fake_asterisk_options old;
    old.banner = "Asterisk Call Manager/2.10.3";
    fake_asterisk other{old};
    client c2{other.port()};
    EXPECT_EQ(std::get<ami::banner>(c2.next().value()).version, "2.10.3");
}

TEST(AmiFakeAsterisk, LoginIsAcceptedThenFullyBooted) {
    fake_asterisk server;
    client c{server.port()};
    ASSERT_TRUE(c.next().has_value());  // banner
    c.send(ami::login_action("7", "ALARMD", "secret"));
    const ami::message ok = c.next_message();
    EXPECT_TRUE(ok.is_response());
    EXPECT_EQ(ok.response(), "Success");
    EXPECT_EQ(ok.action_id(), "7");
    EXPECT_EQ(ok.get("Message"), "Authentication accepted");
    const ami::message booted = c.next_message();
    EXPECT_TRUE(booted.is_event());
    EXPECT_EQ(booted.event(), "FullyBooted");
    EXPECT_EQ(booted.get("Status"), "Fully Booted");
    EXPECT_TRUE(server.wait_logged_in(1, 5s));
    EXPECT_EQ(server.logins(), 1);
    EXPECT_EQ(server.failed_logins(), 0);
    const auto actions = server.actions();
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].get("Username"), "ALARMD");
    EXPECT_EQ(actions[0].get("Events"), "call,agent");
}

TEST(AmiFakeAsterisk, WrongSecretIsRefusedAndTheConnectionClosed) {
    fake_asterisk server;
    client c{server.port()};
    ASSERT_TRUE(c.next().has_value());
    c.send(ami::login_action("1", "alarmd", "Secret"));
    const ami::message refused = c.next_message();
    EXPECT_EQ(refused.response(), "Error");
    EXPECT_EQ(refused.action_id(), "1");
    EXPECT_EQ(refused.get("Message"), "Authentication failed");
    EXPECT_TRUE(c.closed_by_server());
    EXPECT_EQ(server.failed_logins(), 1);
    EXPECT_EQ(server.logins(), 0);

    // The next client is served.
    client again{server.port()};
    ASSERT_TRUE(again.next().has_value());
    again.login();
    EXPECT_EQ(server.logins(), 1);
    EXPECT_EQ(server.connections(), 2);
}

TEST(AmiFakeAsterisk, PingIsAnsweredOnlyAfterLogin) {
    fake_asterisk server;
    client c{server.port()};
    ASSERT_TRUE(c.next().has_value());
    c.send(ami::ping_action("p0"));
    const ami::message denied = c.next_message();
    EXPECT_EQ(denied.response(), "Error");
    EXPECT_EQ(denied.action_id(), "p0");
    EXPECT_EQ(denied.get("Message"), "Permission denied");
    EXPECT_EQ(server.pings(), 0);

    c.login();
    c.send(ami::ping_action("p1") + ami::ping_action("p2"));
    for (const std::string id : {"p1", "p2"}) {
        const ami::message pong = c.next_message();
        EXPECT_EQ(pong.response(), "Success");
        EXPECT_EQ(pong.action_id(), id);
        EXPECT_EQ(pong.get("Ping"), "Pong");
        const std::string_view ts = pong.get("Timestamp");
        ASSERT_GT(ts.size(), 7u);
        EXPECT_EQ(ts.substr(ts.size() - 7), ".000000");
    }
    EXPECT_EQ(server.pings(), 2);
}

TEST(AmiFakeAsterisk, UnknownActionsAndLogoff) {
    fake_asterisk server;
    client c{server.port()};
    ASSERT_TRUE(c.next().has_value());
    c.login();
    c.send(ami::encode_action("CoreShowChannels", "c1"));
    const ami::message unknown = c.next_message();
    EXPECT_EQ(unknown.response(), "Error");
    EXPECT_EQ(unknown.get("Message"), "Invalid/unknown command");
    c.send("Channel: x\r\n\r\n");
    EXPECT_EQ(c.next_message().get("Message"), "Missing action in request");
    c.send(ami::logoff_action("bye"));
    const ami::message goodbye = c.next_message();
    EXPECT_EQ(goodbye.response(), "Goodbye");
    EXPECT_EQ(goodbye.action_id(), "bye");
    EXPECT_EQ(goodbye.get("Message"), "Thanks for all the fish.");
    EXPECT_TRUE(c.closed_by_server());
    const auto actions = server.actions();
    ASSERT_EQ(actions.size(), 3u);
    EXPECT_EQ(actions[1].get("Action"), "CoreShowChannels");
    EXPECT_EQ(actions[2].get("Action"), "Logoff");
}

TEST(AmiFakeAsterisk, PlaysTheKeyEventsOfARecordedCall) {
    const std::string session = read_vector("incoming_queue_call_key_events.ami");
    const auto expected = server_blocks(session);
    ASSERT_EQ(expected.size(), 30u);
    fake_asterisk server;
    EXPECT_FALSE(server.play(session, 100ms));  // nobody logged in
    client c{server.port()};
    ASSERT_TRUE(c.next().has_value());
    c.login();
    ASSERT_TRUE(server.play(session));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const ami::message m = c.next_message();
        EXPECT_TRUE(m.is_event());
        EXPECT_EQ(m, expected[i]) << "event " << i;
    }
    // Requests still answered in between.
    c.send(ami::ping_action("after"));
    EXPECT_EQ(c.next_message().get("Ping"), "Pong");
}

TEST(AmiFakeAsterisk, PlaysOnlyTheServerSideOfATranscript) {
    fake_asterisk server;
    client c{server.port()};
    ASSERT_TRUE(c.next().has_value());
    c.login();
    ASSERT_TRUE(server.play(read_vector("panoramisk_login_ok.ami")));
    EXPECT_EQ(c.next_message().get("Message"), "Authentication accepted");
    EXPECT_EQ(c.next_message().event(), "FullyBooted");
    server.send_raw("Event: Raw\n\n");
    EXPECT_EQ(c.next_message().event(), "Raw");
}

TEST(AmiFakeAsterisk, DropClosesAndTheNextConnectionLogsInAgain) {
    fake_asterisk server;
    {
        client c{server.port()};
        ASSERT_TRUE(c.next().has_value());
        c.login();
        server.send_raw("Event: BeforeDrop\r\n\r\n");
        server.drop();
        EXPECT_FALSE(server.connected());
        EXPECT_EQ(c.next_message().event(), "BeforeDrop");  // queued bytes were written first
        EXPECT_TRUE(c.closed_by_server());
    }
    client c{server.port()};
    EXPECT_EQ(std::get<ami::banner>(c.next().value()).version, "5.0.1");
    c.login();
    EXPECT_TRUE(server.wait_logged_in(2, 5s));
    EXPECT_EQ(server.logins(), 2);
    EXPECT_EQ(server.connections(), 2);
    ASSERT_TRUE(server.play(read_vector("panoramisk_ping.ami")));
    EXPECT_EQ(c.next_message().get("Timestamp"), "1409169929.412068");
}

// The executable: runs until SIGTERM, prints its port.
class tool_process {
public:
    explicit tool_process(std::vector<std::string> args) {
        std::array<int, 2> out{};
        if (::pipe2(out.data(), O_CLOEXEC) != 0) {
            throw std::runtime_error("pipe");
        }
        args.insert(args.begin(), test_tool_path("fake-asterisk"));
        std::vector<char*> argv;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        out_ = out[0];
        if (rc != 0) {
            throw std::runtime_error("cannot start fake-asterisk");
        }
    }
    ~tool_process() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        ::close(out_);
    }
    tool_process(const tool_process&) = delete;
    tool_process& operator=(const tool_process&) = delete;

    // The first line it printed (up to 10 s).
    std::string first_line() {
        std::string line;
        char c = 0;
        pollfd p{out_, POLLIN, 0};
        while (::poll(&p, 1, 10000) > 0 && ::read(out_, &c, 1) == 1 && c != '\n') {
            line += c;
        }
        return line;
    }

private:
    pid_t pid_ = -1;
    int out_ = -1;
};

TEST(AmiFakeAsteriskTool, PlaysItsSessionsAfterEachLoginAndDrops) {
    tool_process tool(
        {"--port", "0", "--username", "hotline", "--secret", "pw", "--banner", "2.10.3",
         "--drop-after-login",
         std::string{ALARMD_VECTORS_DIR} + "/ami/incoming_queue_call_key_events.ami"});
    const std::string line = tool.first_line();
    ASSERT_TRUE(line.starts_with("listening on ")) << line;
    const auto port = static_cast<std::uint16_t>(std::stoi(line.substr(13)));
    for (int round = 0; round < 2; ++round) {
        client c{port};
        EXPECT_EQ(std::get<ami::banner>(c.next().value()).version, "2.10.3");
        c.login("hotline", "pw");
        for (int i = 0; i < 30; ++i) {
            ASSERT_TRUE(c.next_message().is_event()) << "round " << round << " event " << i;
        }
        EXPECT_TRUE(c.closed_by_server()) << "round " << round;
    }
    client refused{port};
    ASSERT_TRUE(refused.next().has_value());
    refused.send(ami::login_action("1", "hotline", "nope"));
    EXPECT_EQ(refused.next_message().get("Message"), "Authentication failed");
    EXPECT_TRUE(refused.closed_by_server());
}

TEST(AmiFakeAsteriskTool, RefusesBadUsage) {
    std::string output;
    EXPECT_EQ(run_tool(test_tool_path("fake-asterisk") + " --port x 2>/dev/null", output), 2);
    EXPECT_EQ(run_tool(test_tool_path("fake-asterisk") + " --bogus 2>/dev/null", output), 2);
    EXPECT_EQ(
        run_tool(test_tool_path("fake-asterisk") + " no-such-dir/session.ami 2>/dev/null", output),
        2);
}

}  // namespace
}  // namespace alarmd::test
