// The TCP transport alone, with a stand-in handler, over real loopback sockets: the idle limit
// closes silent, garbage-sending and half-frame connections; answers leave in frame order even
// when the handler answers out of order; the connection limit; stop() drains.
#include "daemon/ingest/sia/listener.hpp"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "tests/integration/ingest/sia_harness.hpp"

namespace alarmd::ingest {
namespace {

namespace asio = boost::asio;
namespace dc09 = protocols::sia_dc09;
using namespace std::chrono_literals;
using test::sia::cid;
using test::sia::tcp_panel;

// The answer the stand-in handler gives a frame: "\nOK <seq>\r".
std::string ok(int seq) {
    return "\nOK " + std::to_string(seq) + "\r";
}

class SiaListener : public ::testing::Test {
protected:
    void start(sia_tcp_options options, bool hold_answers = false) {
        hold_ = hold_answers;
        sia_handler h;
        h.on_frame = [this](const dc09::decoded& d, const peer&, std::string_view,
                            reply_fn reply) {
            ++frames_;
            const std::string answer = d ? ok(d->header.sequence) : std::string();
            if (hold_) {
                held_.emplace_back(std::move(reply), answer);
                return;
            }
            reply(answer, d.has_value() && accept_);
        };
        listener_ = std::make_unique<sia_listener>(ioc_, config::listen_address{"127.0.0.1", 0},
                                                   std::move(h), options);
        listener_->listen();
        thread_ = std::thread([this] { ioc_.run(); });
    }

    // Runs `fn` on the io thread and waits for it.
    template <class Fn>
    auto on_loop(Fn fn) {
        std::packaged_task<decltype(fn())()> task(std::move(fn));
        auto result = task.get_future();
        asio::post(ioc_, [&task] { task(); });
        return result.get();
    }

    void TearDown() override {
        on_loop([this] {
            listener_->stop();
            return 0;
        });
        work_.reset();
        ioc_.stop();
        thread_.join();
    }

    int port() const { return listener_->port(); }

    asio::io_context ioc_;
    asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(ioc_);
    std::unique_ptr<sia_listener> listener_;
    std::thread thread_;
    bool hold_ = false;
    bool accept_ = true;  // false: every frame is answered but refused (a NAK, say)
    int frames_ = 0;  // io thread only
    std::vector<std::pair<reply_fn, std::string>> held_;
};

TEST_F(SiaListener, HalfFrameThenSilenceIsClosedAfterTheIdleLimit) {
    start({.idle_timeout = 300ms});
    tcp_panel p(port());
    p.send("\x01\x02garbage" + cid(1, "1110 01 003").substr(0, 15));
    ASSERT_TRUE(p.closed_within(10s));
    EXPECT_EQ(on_loop([this] { return listener_->idle_closes(); }), 1u) << "closed as idle";
    EXPECT_EQ(on_loop([this] { return listener_->connections(); }), 0u);
}

TEST_F(SiaListener, ContinuousGarbageDoesNotKeepAConnectionAlive) {
    start({.idle_timeout = 300ms});
    tcp_panel p(port());
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    bool closed = false;
    while (!closed && std::chrono::steady_clock::now() < give_up) {
        try {
            p.send("garbage without any frame in it ");
        } catch (const std::exception&) {
            closed = true;  // the receiver is gone
            break;
        }
        closed = p.closed_within(50ms);
    }
    ASSERT_TRUE(closed);
    EXPECT_EQ(on_loop([this] { return listener_->idle_closes(); }), 1u)
        << "bytes kept coming, but no frame: closed as idle";
}

// Frames every 400 ms for 4 s against a 3 s idle limit: each frame restarts the limit.
TEST_F(SiaListener, FramesKeepAConnectionOpen) {
    start({.idle_timeout = 3s});
    tcp_panel p(port());
    for (int i = 1; i <= 10; ++i) {
        p.send(cid(static_cast<std::uint16_t>(i), "1110 01 003"));
        EXPECT_EQ(p.next(), ok(i));
        std::this_thread::sleep_for(400ms);
    }
    EXPECT_FALSE(p.closed_within(50ms));
    EXPECT_EQ(on_loop([this] { return listener_->idle_closes(); }), 0u);
    EXPECT_EQ(on_loop([this] { return listener_->connections(); }), 1u);
}

// Frames that are answered but refused (unknown account, bad CRC: the handler says so) do not
// restart the limit: a flood of them cannot hold a connection slot.
TEST_F(SiaListener, RefusedFramesDoNotKeepAConnectionOpen) {
    accept_ = false;
    start({.idle_timeout = 300ms});
    tcp_panel p(port());
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    bool closed = false;
    for (std::uint16_t seq = 1; !closed && std::chrono::steady_clock::now() < give_up; ++seq) {
        try {
            p.send(cid(seq, "1110 01 003"));
        } catch (const std::exception&) {
            closed = true;
            break;
        }
        closed = p.closed_within(50ms);
    }
    ASSERT_TRUE(closed);
    EXPECT_EQ(on_loop([this] { return listener_->idle_closes(); }), 1u);
}

// 1,000 connections from one address sending garbage: past max_per_address they are closed at
// once, and a panel from another address is still answered.
TEST_F(SiaListener, OneAddressCannotTakeTheSlotsARealPanelNeeds) {
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
    ::setrlimit(RLIMIT_NOFILE, &files);
    const std::size_t flood = files.rlim_cur > 2500 ? 1000 : 300;
    start({.max_connections = 200, .max_per_address = 50});
    std::vector<std::unique_ptr<tcp_panel>> attackers;
    for (std::size_t i = 0; i < flood; ++i) {
        attackers.push_back(std::make_unique<tcp_panel>(port(), "127.0.0.1"));
        try {
            attackers.back()->send("garbage ");
        } catch (const std::exception&) {
        }
    }
    // Without the per-address cap the flood would fill all 200 slots and the panel below would
    // be closed unanswered.
    tcp_panel real(port(), "127.0.0.2");
    real.send(cid(7, "1110 01 003"));
    EXPECT_EQ(real.next(), ok(7));
    EXPECT_LE(on_loop([this] { return listener_->connections(); }), 51u)
        << "at most 50 from the flooding address, and the panel";
}

TEST_F(SiaListener, AnswersLeaveInFrameOrder) {
    start({}, /*hold_answers=*/true);
    tcp_panel p(port());
    std::string burst;
    for (int i = 1; i <= 5; ++i) {
        burst += cid(static_cast<std::uint16_t>(i), "1110 01 003");
    }
    p.send(burst);
    // Wait until the five are handed over, then answer them last to first.
    for (int i = 0; i < 1000 && on_loop([this] { return frames_; }) < 5; ++i) {
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(on_loop([this] { return frames_; }), 5);
    EXPECT_FALSE(p.next(100ms));
    on_loop([this] {
        for (auto it = held_.rbegin(); it != held_.rend(); ++it) {
            it->first(it->second, true);
        }
        held_.clear();
        return 0;
    });
    for (int i = 1; i <= 5; ++i) {
        EXPECT_EQ(p.next(), ok(i));
    }
}

TEST_F(SiaListener, FramesInFlightAreBounded) {
    start({.max_in_flight = 3}, /*hold_answers=*/true);
    tcp_panel p(port());
    std::string burst;
    for (int i = 1; i <= 10; ++i) {
        burst += cid(static_cast<std::uint16_t>(i), "1110 01 003");
    }
    p.send(burst);
    for (int i = 0; i < 1000 && on_loop([this] { return frames_; }) < 3; ++i) {
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(on_loop([this] { return frames_; }), 3);
    // Nothing more is handed over while the three wait for their answers, however long.
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(on_loop([this] { return frames_; }), 3) << "reading pauses at the limit";
    // Answering frees the slots: answer what is held until all ten were handed over.
    int answered = 0;
    for (int round = 0; round < 3000 && answered < 10; ++round) {
        answered += on_loop([this] {
            auto held = std::move(held_);
            held_.clear();
            for (auto& [reply, answer] : held) {
                reply(answer, !answer.empty());
            }
            return static_cast<int>(held.size());
        });
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(answered, 10);
    for (int i = 1; i <= 10; ++i) {
        EXPECT_EQ(p.next(), ok(i));
    }
}

TEST_F(SiaListener, ConnectionsBeyondTheLimitAreClosed) {
    start({.max_connections = 2});
    tcp_panel a(port());
    tcp_panel b(port());
    a.send(cid(1, "1110 01 003"));
    b.send(cid(2, "1110 01 003"));
    EXPECT_EQ(a.next(), ok(1));
    EXPECT_EQ(b.next(), ok(2));
    tcp_panel c(port());
    EXPECT_TRUE(c.closed_within(10s));
    a.send(cid(3, "1110 01 003"));
    EXPECT_EQ(a.next(), ok(3));
}

TEST_F(SiaListener, PeerThatClosesItsSideStillGetsItsAnswers) {
    start({});
    tcp_panel p(port());
    p.send(cid(1, "1110 01 003") + cid(2, "1110 01 003"));
    p.shutdown_send();
    EXPECT_EQ(p.next(), ok(1));
    EXPECT_EQ(p.next(), ok(2));
    EXPECT_TRUE(p.closed_within(10s));
}

TEST_F(SiaListener, StopLetsAnswersStillDueGoOut) {
    start({}, /*hold_answers=*/true);
    tcp_panel p(port());
    p.send(cid(9, "1110 01 003"));
    for (int i = 0; i < 1000 && on_loop([this] { return frames_; }) < 1; ++i) {
        std::this_thread::sleep_for(10ms);
    }
    on_loop([this] {
        listener_->stop();
        for (auto& [reply, answer] : held_) {
            reply(answer, !answer.empty());
        }
        held_.clear();
        return 0;
    });
    EXPECT_EQ(p.next(), ok(9));
    EXPECT_TRUE(p.closed_within(10s));
}

}  // namespace
}  // namespace alarmd::ingest
