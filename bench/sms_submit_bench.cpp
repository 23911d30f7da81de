// SMS throughput: 1,000 Chinese notices of 120 characters (two concatenated UCS-2 parts each)
// through the SMPP gateway to a local SMSC (the npm `smpp` package's server, tests/peers), from
// the first send to the last accepted message. The spec's budget: at most 2 s.
//
//   alarmd_bench_sms [messages=1000] [window=10]
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "daemon/notify/sms/smpp_gateway.hpp"
#include "tests/support/fake_smsc.hpp"

using namespace alarmd;
using steady = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const int messages = argc > 1 ? std::atoi(argv[1]) : 1000;
    const int window = argc > 2 ? std::atoi(argv[2]) : 10;
    test::fake_smsc_options o;
    o.receipts = false;
    test::fake_smsc smsc(o);
    boost::asio::io_context ioc;
    config::sms_gateway g;
    g.name = "smsc";
    g.type = config::gateway_type::smpp;
    g.host = "127.0.0.1";
    g.port = static_cast<std::uint16_t>(smsc.port());
    g.system_id = "alarmd";
    g.source_addr = "10690001";
    g.window = static_cast<std::size_t>(window);
    notify::smpp_gateway gw(ioc, g);
    // Bound first: the figure is the sending, not the connect.
    const auto bind_deadline = steady::now() + std::chrono::seconds(30);
    while (!gw.bound() && steady::now() < bind_deadline) {
        ioc.run_for(std::chrono::milliseconds(5));
    }
    std::string text;
    const char* chars[] = {"火", "警", "请", "住", "户", "立", "即", "疏", "散"};
    for (int i = 0; i < 120; ++i) {
        text += chars[i % 9];
    }
    int done = 0;
    int accepted = 0;
    const auto started = steady::now();
    for (int i = 0; i < messages; ++i) {
        gw.send({"+86138" + std::to_string(10000000 + i), text, "bench/residents",
                 "resident:" + std::to_string(i)},
                [&](notify::sms_result r) {
                    ++done;
                    accepted += r.accepted ? 1 : 0;
                });
    }
    const auto deadline = steady::now() + std::chrono::seconds(120);
    while (done < messages && steady::now() < deadline) {
        ioc.run_for(std::chrono::milliseconds(5));
    }
    const double seconds = std::chrono::duration<double>(steady::now() - started).count();
    const auto parts = smsc.wait_accepted(static_cast<std::size_t>(accepted) * 2).size();
    std::printf(
        "sms: %d two-part Chinese notices (120 characters, UCS-2) to a local SMSC, "
        "window %d\n",
        messages, window);
    std::printf("  accepted %d of %d (%zu parts at the SMSC) in %.2f s, %.0f messages/s\n",
                accepted, messages, parts, seconds, accepted / seconds);
    std::printf("RESULT sms_1000_s=%.2f sms_per_s=%.0f\n", seconds, accepted / seconds);
    return accepted == messages ? 0 : 1;
}
