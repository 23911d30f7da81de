#include "tests/support/daemon_harness.hpp"

#include <stdexcept>

#include "daemon/config/loader.hpp"
#include "daemon/sys/token_book.hpp"

namespace alarmd::test {

std::string test_config_yaml(const std::string& redis_url, const std::string& extra,
                             const std::string& policies) {
    auto tok = [](const std::string& id) { return sys::sha256_hex("tok-" + id); };
    std::string y;
    y += "server: { http_listen: \"127.0.0.1:0\", max_body_bytes: 4096 }\n";
    y += "redis: { url: \"" + redis_url +
         "\", key_prefix: \"t:\", connect_timeout: 2s, ping_interval: 200ms,"
         " reconnect_min: 50ms, reconnect_max: 200ms }\n";
    y += "ingest:\n  http_sources:\n    - { name: gw, token_sha256: \"" + tok("gw") + "\" }\n";
    // An intercom gateway that may send only for its own door station.
    y += "    - { name: door-gw, token_sha256: \"" + tok("door-gw") + "\", devices: [door-b3] }\n";
    y += "site:\n  buildings: [ { id: B1, name: \"1号楼\", floors: 18 }, { id: B2, name: \"2号楼\" },"
         " { id: B3, name: \"3号楼\" } ]\n";
    y += "devices:\n"
         "  - { id: panel-b3, protocol: sia, account: \"1234\", building: B3,\n"
         "      zones: { \"003\": { floor: 3, label: \"3F 电梯厅烟感\", cameras: [cam-b3-3f] },\n"
         "               \"004\": { floor: 4, label: \"4F 手报\" }, \"005\": { floor: 5 } } }\n"
         "  - { id: perimeter-b2, protocol: sia, account: \"5678\", building: B2,\n"
         "      zones: { \"1\": { label: \"东墙 1\" }, \"2\": { label: \"东墙 2\" } } }\n"
         "  - { id: uitd-b3, protocol: gb26875, address: \"0000000000AB\", building: B3 }\n"
         "  - { id: door-b3, protocol: http, building: B3, unit: \"301\" }\n";
    y += "people:\n";
    for (const auto& [id, role] : {std::pair{"g01", "guard"}, {"g02", "guard"}, {"g03", "guard"},
                                   {"lead1", "team_lead"}, {"mgr1", "manager"},
                                   {"adm1", "admin"}}) {
        y += std::string("  - { id: ") + id + ", name: \"" + id + "\", role: " + role +
             ", phone: \"+8613800000000\", token_sha256: \"" + tok(id) + "\" }\n";
    }
    y += extra;
    y += policies;
    return y;
}

std::string with_server_keys(std::string yaml, const std::string& keys) {
    const std::string server_end = "max_body_bytes: 4096 }";
    const auto at = yaml.find(server_end);
    if (at == std::string::npos) {
        throw std::runtime_error("with_server_keys: not a test_config_yaml config");
    }
    yaml.insert(at + server_end.size() - 1, ", " + keys + " ");
    return yaml;
}

daemon_harness::daemon_harness(const std::string& yaml) {
    auto cfg = config::load_string(yaml, "test.yaml", ".");
    if (!cfg) {
        std::string all;
        for (const auto& d : cfg.error().items) {
            all += d.str() + "\n";
        }
        throw std::runtime_error("test config invalid:\n" + all);
    }
    app_ = std::make_unique<app::app>(std::move(*cfg));
    app_->start();
    port_ = app_->http_port();
    thread_ = std::thread([this] { (void)app_->run(); });
}

daemon_harness::~daemon_harness() { stop(); }

void daemon_harness::stop() {
    if (thread_.joinable()) {
        app_->stop();
        thread_.join();
    }
}

}  // namespace alarmd::test
