// dc09-send: sends SIA DC-09 frames (plain or AES-encrypted) to a receiver over TCP or UDP and
// prints each answer. With --count it sends N frames; over TCP they are pipelined on one
// connection (a writer and a reader thread) and the rate the receiver sustained is printed.
//
//   dc09-send --tcp 127.0.0.1:5000 --account 1234 --data '#1234|1110 01 003'
//   dc09-send --udp 127.0.0.1:5000 --account 1234 --token SIA-DCS --data '#1234|Nri1/FA003'
//             --key 00112233445566778899AABBCCDDEEFF
//   dc09-send --tcp 127.0.0.1:5000 --account 1234 --data '#1234|1110 01 003' --count 100000
//
// Exit status: 0 when every frame was ACKed, 1 otherwise (NAK, DUH, no answer), 2 on usage
// errors, 3 when the receiver cannot be reached.
#include <netdb.h>
#include <openssl/rand.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "daemon/sys/hex.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/frame.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "protocols/sia_dc09/timestamp.hpp"
#include "tests/tools/tool_socket.hpp"

namespace {

namespace dc09 = alarmd::protocols::sia_dc09;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

constexpr const char* usage_text =
    "usage: dc09-send (--tcp | --udp) HOST:PORT --account ACCT [options]\n"
    "  --key HEX          AES key (32, 48 or 64 hex digits): send encrypted frames\n"
    "  --token T          SIA-DCS, ADM-CID (default) or NULL (any other: a receiver says DUH)\n"
    "  --data TEXT        the data block, e.g. '#1234|1110 01 003' or '#1234|Nri1/FA003'\n"
    "  --seq N            first sequence number (default 1; NULL usually uses 0)\n"
    "  --count N          frames to send (default 1); over TCP pipelined on one connection\n"
    "  --rate N           at most N frames a second (default: as fast as possible)\n"
    "  --line L           account prefix after 'L' (default 0)\n"
    "  --receiver R       receiver number after 'R' (default: none)\n"
    "  --time-offset S    shift the frame timestamp by S seconds (e.g. -120: a stale one)\n"
    "  --no-timestamp     plain frames without timestamp (encrypted ones always carry one)\n"
    "  --timeout MS       wait this long for the last answer (default 5000)\n"
    "  --verbose          print every answer also when --count is large\n";

struct options {
    bool tcp = true;
    std::string host;
    std::string port;
    std::string account;
    std::vector<std::uint8_t> key;
    std::string token = "ADM-CID";
    std::string data;
    unsigned seq = 1;
    std::uint64_t count = 1;
    double rate = 0;
    std::string line = "0";
    std::optional<std::string> receiver;
    long time_offset = 0;
    bool timestamp = true;
    std::chrono::milliseconds timeout{5000};
    bool verbose = false;
};

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "dc09-send: " << problem << "\n" << usage_text;
    std::exit(2);
}

std::optional<std::vector<std::uint8_t>> parse_key(std::string_view hex) {
    if (hex.size() != 32 && hex.size() != 48 && hex.size() != 64) {
        return std::nullopt;
    }
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = alarmd::sys::hex_value(hex[i]);
        const int lo = alarmd::sys::hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    return out;
}

std::uint64_t parse_number(const std::string& flag, const std::string& v) {
    char* end = nullptr;
    const auto n = std::strtoull(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0') {
        usage(flag + " needs a number, got '" + v + "'");
    }
    return n;
}

options parse_args(int argc, char** argv) {
    options o;
    bool have_target = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage(a + " needs a value");
            }
            return argv[++i];
        };
        if (a == "--tcp" || a == "--udp") {
            o.tcp = a == "--tcp";
            const std::string target = value();
            const auto colon = target.rfind(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == target.size()) {
                usage("expected HOST:PORT, got '" + target + "'");
            }
            o.host = target.substr(0, colon);
            if (o.host.size() > 2 && o.host.front() == '[' && o.host.back() == ']') {
                o.host = o.host.substr(1, o.host.size() - 2);
            }
            o.port = target.substr(colon + 1);
            have_target = true;
        } else if (a == "--account") {
            o.account = value();
        } else if (a == "--key") {
            auto k = parse_key(value());
            if (!k) {
                usage("--key needs 32, 48 or 64 hex digits");
            }
            o.key = std::move(*k);
        } else if (a == "--token") {
            o.token = value();  // others too, to try a receiver's DUH
            if (o.token.empty() || o.token.find('"') != std::string::npos) {
                usage("--token needs a token without quotes (SIA-DCS, ADM-CID, NULL)");
            }
        } else if (a == "--data") {
            o.data = value();
        } else if (a == "--seq") {
            o.seq = static_cast<unsigned>(parse_number(a, value()) % 10000);
        } else if (a == "--count") {
            o.count = parse_number(a, value());
        } else if (a == "--rate") {
            o.rate = static_cast<double>(parse_number(a, value()));
        } else if (a == "--line") {
            o.line = value();
        } else if (a == "--receiver") {
            o.receiver = value();
        } else if (a == "--time-offset") {
            const std::string v = value();
            char* end = nullptr;
            o.time_offset = std::strtol(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0') {
                usage("--time-offset needs a number of seconds");
            }
        } else if (a == "--no-timestamp") {
            o.timestamp = false;
        } else if (a == "--timeout") {
            o.timeout = std::chrono::milliseconds(parse_number(a, value()));
        } else if (a == "--verbose" || a == "-v") {
            o.verbose = true;
        } else if (a == "--help" || a == "-h") {
            std::cout << usage_text;
            std::exit(0);
        } else {
            usage("unknown option '" + a + "'");
        }
    }
    if (!have_target) {
        usage("--tcp or --udp HOST:PORT is required");
    }
    if (o.account.empty()) {
        usage("--account is required");
    }
    if (o.count == 0) {
        usage("--count must be at least 1");
    }
    return o;
}

void random_pad(std::span<std::uint8_t> out) {
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
        for (auto& b : out) {
            b = static_cast<std::uint8_t>(std::rand());
        }
    }
}

std::string build_frame(const options& o, unsigned seq) {
    dc09::frame f;
    f.header.id = o.token;
    f.header.sequence = static_cast<std::uint16_t>(seq % 10000);
    f.header.receiver = o.receiver;
    f.header.line = o.line;
    f.header.account = o.account;
    f.body.data = o.data;
    if (o.timestamp || !o.key.empty()) {
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        f.body.timestamp = now + std::chrono::seconds(o.time_offset);
    }
    std::string out;
    const auto r = o.key.empty() ? dc09::encode_plain(f, out)
                                 : dc09::encode_encrypted(f, o.key, random_pad, out);
    if (!r) {
        std::cerr << "dc09-send: cannot build the frame: " << r.error().message() << "\n";
        std::exit(2);
    }
    return out;
}

std::string escaped(std::string_view bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            out += buf;
        }
    }
    return out;
}

struct tally {
    std::uint64_t ack = 0;
    std::uint64_t nak = 0;
    std::uint64_t duh = 0;
    std::uint64_t other = 0;
    [[nodiscard]] std::uint64_t total() const { return ack + nak + duh + other; }
};

// Classifies and prints one answer frame (LF ... CR).
void on_answer(const options& o, std::string_view frame, tally& t, bool print) {
    const auto keys = [&o](std::string_view) -> std::optional<std::vector<std::uint8_t>> {
        if (o.key.empty()) {
            return std::nullopt;
        }
        return o.key;
    };
    const auto d = dc09::parse_datagram(frame, keys);
    const auto header = d ? std::optional{d->header} : d.error().header;
    std::string kind = header ? (header->encrypted ? "*" : "") + header->id : "?";
    if (header && header->id == "ACK") {
        ++t.ack;
    } else if (header && header->id == "NAK") {
        ++t.nak;
    } else if (header && header->id == "DUH") {
        ++t.duh;
    } else {
        ++t.other;
    }
    if (!print) {
        return;
    }
    std::string line = kind;
    if (header && !header->bare_account) {
        char seq[8];
        std::snprintf(seq, sizeof seq, "%04u", static_cast<unsigned>(header->sequence));
        line += std::string(" seq=") + seq + " account=" + header->account;
    }
    if (d && d->body.timestamp) {
        std::string ts;
        dc09::append_timestamp(*d->body.timestamp, ts);
        line += " time=" + ts;
    }
    if (!d) {
        line += " (" + d.error().reason.message() + ")";
    }
    std::cout << line << "  " << escaped(frame) << "\n";
}

int connect_to(const options& o) {
    return alarmd::tools::connect_or_exit("dc09-send", o.host, o.port,
                                          o.tcp ? SOCK_STREAM : SOCK_DGRAM);
}

bool send_all(int fd, std::string_view bytes) {
    return alarmd::tools::send_all(fd, bytes.data(), bytes.size());
}

using alarmd::tools::pacer;

// The summary line for --count > 1 (and for a single frame that was not ACKed).
void report(const options& o, const tally& t, steady::time_point started,
            steady::time_point last_answer) {
    const double seconds = std::chrono::duration<double>(last_answer - started).count();
    std::cout << "sent=" << o.count << " ack=" << t.ack << " nak=" << t.nak << " duh=" << t.duh
              << " other=" << t.other << " unanswered=" << (o.count - std::min(o.count, t.total()));
    if (o.count > 1 && seconds > 0) {
        char rate[64];
        std::snprintf(rate, sizeof rate, " seconds=%.3f messages_per_second=%.0f", seconds,
                      static_cast<double>(t.ack) / seconds);
        std::cout << rate;
    }
    std::cout << "\n";
}

int run_tcp(const options& o) {
    const int fd = connect_to(o);
    const bool print = o.verbose || o.count <= 20;
    tally t;
    std::atomic<bool> writer_failed{false};
    const auto started = steady::now();
    auto last_answer = started;

    std::thread writer([&] {
        pacer p(o.rate);
        std::string batch;
        for (std::uint64_t i = 0; i < o.count; ++i) {
            p.wait(i);
            batch += build_frame(o, static_cast<unsigned>(o.seq + i));
            // Small batches keep syscalls down without holding frames back.
            if (batch.size() >= 8192 || i + 1 == o.count || o.rate > 0) {
                if (!send_all(fd, batch)) {
                    writer_failed = true;
                    return;
                }
                batch.clear();
            }
        }
    });

    std::string in;
    std::vector<char> buf(65536);
    while (t.total() < o.count) {
        pollfd pfd{fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(o.timeout.count()));
        if (ready <= 0) {
            break;  // timeout: the rest gets no answer
        }
        const auto n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) {
            break;  // closed by the receiver
        }
        in.append(buf.data(), static_cast<std::size_t>(n));
        std::size_t pos = 0;
        for (;;) {
            const auto lf = in.find('\n', pos);
            if (lf == std::string::npos) {
                pos = in.size();
                break;
            }
            const auto cr = in.find('\r', lf);
            if (cr == std::string::npos) {
                pos = lf;
                break;
            }
            on_answer(o, std::string_view(in).substr(lf, cr - lf + 1), t, print);
            pos = cr + 1;
        }
        in.erase(0, pos);
        last_answer = steady::now();
    }
    ::shutdown(fd, SHUT_RDWR);
    writer.join();
    ::close(fd);
    const bool ok = t.ack == o.count && !writer_failed;
    if (o.count > 1 || !ok) {
        report(o, t, started, last_answer);
    }
    return ok ? 0 : 1;
}

// UDP: one datagram, then its answer (or the timeout), frame after frame.
int run_udp(const options& o) {
    const int fd = connect_to(o);
    const bool print = o.verbose || o.count <= 20;
    tally t;
    const auto started = steady::now();
    auto last_answer = started;
    pacer p(o.rate);
    std::vector<char> buf(65536);
    for (std::uint64_t i = 0; i < o.count; ++i) {
        p.wait(i);
        const auto frame = build_frame(o, static_cast<unsigned>(o.seq + i));
        if (::send(fd, frame.data(), frame.size(), 0) < 0) {
            std::cerr << "dc09-send: send failed: " << std::strerror(errno) << "\n";
            break;
        }
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(o.timeout.count())) <= 0) {
            if (print) {
                std::cout << "no answer\n";
            }
            continue;
        }
        const auto n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0) {
            if (print) {
                std::cout << "no answer (" << std::strerror(errno) << ")\n";
            }
            continue;
        }
        std::string_view datagram(buf.data(), static_cast<std::size_t>(n));
        const auto lf = datagram.find('\n');
        const auto cr = datagram.rfind('\r');
        if (lf == std::string_view::npos || cr == std::string_view::npos || cr < lf) {
            ++t.other;
            if (print) {
                std::cout << "? " << escaped(datagram) << "\n";
            }
            continue;
        }
        on_answer(o, datagram.substr(lf, cr - lf + 1), t, print);
        last_answer = steady::now();
    }
    ::close(fd);
    const bool ok = t.ack == o.count;
    if (o.count > 1 || !ok) {
        report(o, t, started, last_answer);
    }
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    const options o = parse_args(argc, argv);
    return o.tcp ? run_tcp(o) : run_udp(o);
}
