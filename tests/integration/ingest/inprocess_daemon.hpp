#pragma once
// The daemon in-process on its own thread, for the receiver tests (SIA, GB/T 26875.3).
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "daemon/app/app.hpp"
#include "daemon/config/loader.hpp"

namespace alarmd::test {

// The daemon in-process on its own thread. `patch` may change the loaded config before the app
// is built: the tests use it for supervision intervals below the config's 5 s minimum.
class inprocess_daemon {
public:
    explicit inprocess_daemon(const std::string& text,
                              std::function<void(config::config&)> patch = {}) {
        auto cfg = config::load_string(text, "test.yaml", ".");
        if (!cfg) {
            std::string all;
            for (const auto& d : cfg.error().items) {
                all += d.str() + "\n";
            }
            throw std::runtime_error("test config invalid:\n" + all);
        }
        if (patch) {
            patch(*cfg);
        }
        app_ = std::make_unique<app::app>(std::move(*cfg));
        app_->start();
        thread_ = std::thread([this] { (void)app_->run(); });
    }
    ~inprocess_daemon() { stop(); }
    inprocess_daemon(const inprocess_daemon&) = delete;
    inprocess_daemon& operator=(const inprocess_daemon&) = delete;

    void stop() {
        if (thread_.joinable()) {
            app_->stop();
            thread_.join();
        }
    }
    [[nodiscard]] int http_port() const { return app_->http_port(); }
    [[nodiscard]] int tcp_port() const { return app_->sia_tcp_port(); }
    [[nodiscard]] int udp_port() const { return app_->sia_udp_port(); }
    [[nodiscard]] int gb26875_port() const { return app_->gb26875_tcp_port(); }

private:
    std::unique_ptr<app::app> app_;
    std::thread thread_;
};

}  // namespace alarmd::test
