#pragma once
// Drives the closed loops of many DC-09 panels from one thread: each panel sends an event, waits
// for its answer, sends the next. One epoll thread instead of a thread per panel: on a machine
// whose cores alarmd and Redis share with the load, a thread per panel cost a wake-up and a
// context switch per answer (about 17 us of CPU per event, taken from the cores under test;
// 10-17 us now), and one thread takes the answers that arrived together in one wake-up. Each
// connection still waits for its answer before its next frame, as a panel does.
#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "bench/dc09_panel.hpp"

namespace alarmd::bench {

// next(i, event) writes panel i's next Contact ID event ("1130 01 003") into event. Runs until
// `until`, each panel finishing the exchange under way; false when a connection broke or no
// answer came for 10 s.
template <typename Next>
bool run_closed_loops(std::vector<dc09_panel>& panels, Next next,
                      std::chrono::steady_clock::time_point until) {
    const int ep = ::epoll_create1(0);
    if (ep < 0) {
        return false;
    }
    std::string event;
    bool ok = true;
    std::size_t running = 0;
    for (std::size_t i = 0; i < panels.size() && ok; ++i) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        next(i, event);
        ok = ::epoll_ctl(ep, EPOLL_CTL_ADD, panels[i].fd(), &ev) == 0 &&
             panels[i].send_event(event);
        running += ok ? 1 : 0;
    }
    constexpr auto silence_limit = std::chrono::seconds(10);
    auto last_answer = std::chrono::steady_clock::now();
    epoll_event ready[64];
    while (ok && running > 0) {
        const int n = ::epoll_wait(ep, ready, 64, 1000);
        if (n < 0 && errno != EINTR) {
            ok = false;
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (n <= 0) {
            ok = now - last_answer < silence_limit;
            continue;
        }
        last_answer = now;
        for (int k = 0; k < n; ++k) {
            const auto i = static_cast<std::size_t>(ready[k].data.u64);
            const auto got = panels[i].read_answer(MSG_DONTWAIT);
            if (got == dc09_panel::answer::pending) {
                continue;
            }
            if (got == dc09_panel::answer::complete && now < until) {
                next(i, event);
                if (panels[i].send_event(event)) {
                    continue;
                }
            }
            ok = ok && got == dc09_panel::answer::complete && now >= until;
            ::epoll_ctl(ep, EPOLL_CTL_DEL, panels[i].fd(), nullptr);
            --running;
        }
    }
    ::close(ep);
    return ok;
}

}  // namespace alarmd::bench
