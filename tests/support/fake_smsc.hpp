#pragma once
// A real SMSC for the SMS tests: tests/peers/fake_smsc.mjs (the npm `smpp` package's server)
// as a child process on a port of its own, and what it recorded (one JSON line per bind,
// submit and dropped connection).
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace alarmd::test {

struct fake_smsc_options {
    int throttle_first = 0;  // the first N submits are answered ESME_RTHROTTLED
    int drop_after = 0;      // the Nth submit is not answered: the connection is cut (once)
    bool refuse_bind = false;
    bool receipts = true;
    int answer_delay_ms = 0;  // each accepted submit answered this long after it came
};

class fake_smsc {
public:
    explicit fake_smsc(fake_smsc_options options = {}, int port = 0);
    ~fake_smsc();
    fake_smsc(const fake_smsc&) = delete;
    fake_smsc& operator=(const fake_smsc&) = delete;

    [[nodiscard]] int port() const { return port_; }
    // Every line it wrote so far, parsed.
    [[nodiscard]] std::vector<boost::json::value> events() const;
    // The submits it answered with status 0, in order.
    [[nodiscard]] std::vector<boost::json::value> accepted() const;
    // Waits (bounded, 30 s) until `n` submits were accepted; what it has then.
    std::vector<boost::json::value> wait_accepted(std::size_t n) const;
    void stop();  // SIGTERM and reap (also on destruction)

private:
    std::string dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace alarmd::test
