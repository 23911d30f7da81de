// Which edits a reload cannot apply, by name: what event=reload_partial lists.
#include "daemon/config/restart_keys.hpp"

#include <gtest/gtest.h>

namespace alarmd::config {
namespace {

using names = std::vector<std::string>;

config running() {
    config c;
    c.ingest.sia = sia_ingest{};
    c.ingest.sia->tcp = listen_address{"0.0.0.0", 5000};
    return c;
}

TEST(RestartKeys, NothingWhenOnlyReloadableKeysChange) {
    auto next = running();
    next.server.max_connections = 10;
    next.server.allowed_origins = std::vector<std::string>{"https://console.example"};
    next.ingest.sia->supervision = std::chrono::minutes(5);
    next.buildings.push_back({"B9", "9号楼", 3});
    EXPECT_EQ(restart_only_changes(running(), next), names{});
}

TEST(RestartKeys, NamesEachChangedKey) {
    auto next = running();
    next.server.max_body_bytes = 1024;
    next.redis.url = "redis://10.0.0.5:6379/0";
    next.redis.replay_maxlen = 5;
    next.ingest.sia->tcp->port = 5001;
    next.ingest.sia->max_per_address = 2;
    next.timezone = "Asia/Shanghai";
    next.websocket.hello_incidents = 50;
    EXPECT_EQ(restart_only_changes(running(), next),
              (names{"server.max_body_bytes", "redis.url", "redis.replay_maxlen", "ingest.sia.tcp",
                     "ingest.sia.max_per_address", "site.timezone", "websocket.hello_incidents"}));
}

TEST(RestartKeys, AReceiverAddedOrRemovedAndTlsSwitched) {
    auto next = running();
    next.ingest.sia.reset();
    next.ingest.gb26875 = gb26875_ingest{};
    next.ingest.ami = ami_ingest{};
    next.server.tls = tls_config{};
    EXPECT_EQ(restart_only_changes(running(), next),
              (names{"server.tls", "ingest.sia", "ingest.gb26875", "ingest.ami"}));
}

TEST(RestartKeys, AFreePortAtStartIsNotAChange) {
    auto r = running();
    r.server.http_listen.port = 0;  // bound to whatever was free
    auto next = r;
    next.server.http_listen.port = 41234;
    EXPECT_EQ(restart_only_changes(r, next), names{});
    next.server.http_listen.host = "0.0.0.0";
    EXPECT_EQ(restart_only_changes(r, next), names{"server.http_listen"});
}

}  // namespace
}  // namespace alarmd::config
