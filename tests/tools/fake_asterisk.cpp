// fake-asterisk: a fake Asterisk Manager Interface server on 127.0.0.1 for trying the AMI
// client by hand or from scripts (the tests use the same class in-process). It prints
// "listening on PORT" once it listens, accepts one client at a time, answers Login / Ping /
// Logoff, and after each successful login sends the server-side blocks (all but the Action
// blocks) of every SESSION file in turn; with --drop-after-login it then closes the connection
// (the client must reconnect and log in again, and gets the sessions again).
//
//   fake-asterisk --port 5038 --username alarmd --secret secret
//                 --banner 2.10.3 tests/vectors/ami/incoming_queue_call_key_events.ami
//
// Runs until SIGINT or SIGTERM. Exit status: 0 after a signal, 2 on usage errors, 3 when it
// cannot listen.
#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/support/fake_asterisk.hpp"

namespace {

using namespace std::chrono_literals;

constexpr const char* usage_text =
    "usage: fake-asterisk [--port N] [--username U] [--secret S] [--banner VERSION]\n"
    "                     [--drop-after-login] [SESSION.ami...]\n"
    "  --port N            listen on 127.0.0.1:N (default 0: a free port, printed)\n"
    "  --username U        the login it accepts (default alarmd; compared without case)\n"
    "  --secret S          its secret (default secret)\n"
    "  --banner VERSION    banner 'Asterisk Call Manager/VERSION' (default 5.0.1)\n"
    "  --drop-after-login  close the connection after sending the sessions\n"
    "  SESSION.ami         recorded sessions: their non-Action blocks go to each client\n";

std::atomic<bool> stop{false};

void on_signal(int) {
    stop = true;
}

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "fake-asterisk: " << problem << "\n" << usage_text;
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    alarmd::test::fake_asterisk_options opt;
    bool drop_after_login = false;
    std::vector<std::string> sessions;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(arg + " needs a value");
            }
            return argv[++i];
        };
        if (arg == "--port") {
            const std::string v = value();
            char* end = nullptr;
            const long port = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0' || port < 0 || port > 65535) {
                usage("bad port: " + v);
            }
            opt.port = static_cast<std::uint16_t>(port);
        } else if (arg == "--username") {
            opt.username = value();
        } else if (arg == "--secret") {
            opt.secret = value();
        } else if (arg == "--banner") {
            opt.banner = "Asterisk Call Manager/" + value();
        } else if (arg == "--drop-after-login") {
            drop_after_login = true;
        } else if (arg == "--help" || arg == "-h") {
            std::cout << usage_text;
            return 0;
        } else if (arg.starts_with("--")) {
            usage("unknown option " + arg);
        } else {
            std::ifstream in(arg, std::ios::binary);
            if (!in) {
                usage("cannot read " + arg);
            }
            sessions.emplace_back(std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>());
        }
    }

    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    try {
        alarmd::test::fake_asterisk server(opt);
        std::cout << "listening on " << server.port() << std::endl;
        for (int login = 1; !stop; ++login) {
            while (!stop && !server.wait_logged_in(login, 100ms)) {
            }
            if (stop) {
                break;
            }
            std::cerr << "fake-asterisk: login " << login << "\n";
            for (const std::string& s : sessions) {
                (void)server.play(s, 1s);
            }
            if (drop_after_login) {
                server.drop();
            }
        }
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 3;
    }
    return 0;
}
