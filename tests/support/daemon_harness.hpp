#pragma once
// Runs a real alarmd (the same app object main() runs) on its own thread, with a YAML config
// made for the test: HTTP on a free port, the fixture's Redis, short windows.
#include <memory>
#include <string>
#include <thread>

#include "daemon/app/app.hpp"
#include "daemon/config/config.hpp"

namespace alarmd::test {

// Tokens in the test config: person P has token "tok-P"; the http source "gw" has "tok-gw".
// People: g01, g02, g03 (guards), lead1 (team_lead), mgr1 (manager), adm1 (admin).
// Buildings B1, B2, B3. Devices: panel-b3 (sia, B3, zones 003/004/005), perimeter-b2
// (sia, B2, zones 1..4), uitd-b3 (gb26875, B3), door-b3 (http, B3 unit 301).
// Unless a test passes its own `policies:` section, stages go to nobody for an hour, so the
// guards see only incident pushes. Every person has the same phone number: a test that sends
// many SMS sets `sms.per_recipient_per_minute: 0`, or the rate limit holds most of them back.
inline constexpr const char* quiet_policies =
    "policies: { default: { stages: [ { name: alert, at: 1h, to: [team_lead], via: [ws] } ] } }\n";

[[nodiscard]] std::string test_config_yaml(const std::string& redis_url,
                                           const std::string& extra = {},
                                           const std::string& policies = quiet_policies);

// `yaml` made by test_config_yaml with `keys` added to its server section, e.g.
// "max_connections: 3" or "tls: { cert: a.crt, key: a.key }".
[[nodiscard]] std::string with_server_keys(std::string yaml, const std::string& keys);

class daemon_harness {
public:
    explicit daemon_harness(const std::string& yaml);
    ~daemon_harness();

    [[nodiscard]] int port() const { return port_; }
    void stop();

private:
    std::unique_ptr<app::app> app_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace alarmd::test
