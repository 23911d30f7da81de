// The GB/T 26875.3 receiver end to end over real sockets and a real Redis: a transmission
// device's component states become incidents (pushed to guards with floor and label, stored in
// Redis) and are confirmed only once durable; bad frames are denied and store nothing; frames
// split into 1-byte writes and 50 frames in one write decode completely; retransmissions are
// confirmed without a second event; unknown devices are confirmed and not stored; a silent
// device opens a comm_fault incident that its next frame restores.
#include <gtest/gtest.h>

#include <filesystem>

#include <boost/json.hpp>

#include "tests/integration/ingest/gb26875_harness.hpp"
#include "tests/integration/ingest/inprocess_daemon.hpp"
#include "tests/integration/ingest/test_tools.hpp"
#include "tests/support/clients.hpp"
#include "tests/support/redis_query.hpp"
#include "tests/support/redis_server.hpp"

namespace alarmd::test {
namespace {

namespace json = boost::json;
namespace gbt = test::gb26875;
using namespace std::chrono_literals;

std::string str(const json::value& v, std::initializer_list<const char*> path) {
    const json::value* cur = &v;
    for (const char* key : path) {
        cur = &cur->as_object().at(key);
    }
    return std::string(cur->as_string());
}

constexpr std::uint16_t fire = 0x0003;    // normal operation + fire alarm
constexpr std::uint16_t normal = 0x0001;  // normal operation, nothing raised
constexpr std::uint16_t fault = 0x0005;   // normal operation + fault

class Gb26875Receiver : public ::testing::Test {
protected:
    redis_server redis;
    inprocess_daemon daemon{gbt::yaml(redis.url())};

    long long stored_events() { return redis_query(redis.port(), {"XLEN", "t:events"}).integer; }

    // Sends on a new connection and reads one answer.
    std::optional<gbt::gb::frame> exchange(const std::string& bytes) {
        gbt::device d(daemon.gb26875_port());
        d.send(bytes);
        return d.next();
    }
};

TEST_F(Gb26875Receiver, SmokeDetectorFireOpensAnIncidentAndItsRestoreUpdatesIt) {
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    auto a = exchange(gbt::frame(7, gbt::component_unit(1, 0x00020003, fire, "2F smoke")));
    ASSERT_TRUE(a) << "no answer";
    // The confirm: same serial, the device as destination, empty unit, command 3.
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    EXPECT_EQ(a->control.serial, 7);
    EXPECT_EQ(a->control.destination, gbt::uitd_b1);
    EXPECT_EQ(a->control.source, gbt::centre);
    EXPECT_TRUE(a->app_data.empty());
    // Durable before the confirm.
    EXPECT_EQ(stored_events(), 1);

    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"incident", "category"}), "fire");
    EXPECT_EQ(str(*m, {"incident", "building"}), "B1");
    EXPECT_EQ(str(*m, {"event", "source"}), "gb26875");
    EXPECT_EQ(str(*m, {"event", "device"}), "uitd-b1");
    EXPECT_EQ(str(*m, {"event", "zone"}), "1/0x00020003");
    EXPECT_EQ(str(*m, {"event", "kind"}), "alarm");
    EXPECT_EQ(str(*m, {"event", "code"}), "fire_alarm");
    EXPECT_EQ(str(*m, {"event", "location", "label"}), "2F 走廊烟感");
    EXPECT_EQ(m->at("event").at("location").at("floor").as_int64(), 2);
    EXPECT_NE(str(*m, {"event", "text"}).find("2F smoke"), std::string::npos);
    const auto id = str(*m, {"incident", "id"});
    EXPECT_FALSE(redis_query(redis.port(), {"ZSCORE", "t:incidents:open", id}).nil);

    // The same component back to normal: a restore of that incident.
    a = exchange(gbt::frame(8, gbt::component_unit(1, 0x00020003, normal)));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    auto u = g.next_of("incident.updated");
    ASSERT_TRUE(u);
    EXPECT_EQ(str(*u, {"incident_id"}), id);
    EXPECT_EQ(str(*u, {"change"}), "restored");
    EXPECT_EQ(str(*u, {"event", "kind"}), "restore");
    EXPECT_EQ(stored_events(), 2);

    // Reported normal again: nothing changed, confirmed, nothing stored.
    a = exchange(gbt::frame(9, gbt::component_unit(1, 0x00020003, normal)));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    EXPECT_EQ(stored_events(), 2);
}

// A point written in decimal in the config ("1/131076") is the same zone as 0x00020004.
TEST_F(Gb26875Receiver, PointKeysInTheConfigMayBeDecimal) {
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    ASSERT_TRUE(exchange(gbt::frame(1, gbt::component_unit(1, 0x00020004, fault))));
    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    EXPECT_EQ(str(*m, {"event", "zone"}), "1/0x00020004");
    EXPECT_EQ(str(*m, {"event", "kind"}), "fault");
    EXPECT_EQ(str(*m, {"event", "location", "label"}), "2F 电梯厅烟感");
}

TEST_F(Gb26875Receiver, BadChecksumIsDeniedAndStoresNothing) {
    auto bytes = gbt::frame(11, gbt::component_unit(1, 0x00020003, fire));
    bytes[bytes.size() - 3] = static_cast<char>(bytes[bytes.size() - 3] ^ 0x5A);
    auto a = exchange(bytes);
    ASSERT_TRUE(a) << "no answer";
    EXPECT_EQ(a->control.cmd, gbt::gb::command::deny);
    EXPECT_EQ(a->control.serial, 11);
    EXPECT_EQ(a->control.destination, gbt::uitd_b1);
    // The device sends it again, correctly: stored once.
    a = exchange(gbt::frame(11, gbt::component_unit(1, 0x00020003, fire)));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    EXPECT_EQ(stored_events(), 1);
}

TEST_F(Gb26875Receiver, UnitThatDoesNotFillItsObjectsIsDenied) {
    auto unit = gbt::component_unit(1, 0x00020003, fire);
    unit.pop_back();  // 45 bytes of a 46-byte object
    auto a = exchange(gbt::frame(12, unit));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::deny);
    EXPECT_EQ(stored_events(), 0);
}

TEST_F(Gb26875Receiver, FrameInOneBytePiecesDecodes) {
    gbt::device d(daemon.gb26875_port());
    const auto bytes = gbt::frame(21, gbt::component_unit(1, 0x00020003, fire));
    for (char c : bytes) {
        d.send(std::string(1, c));
    }
    auto a = d.next();
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    EXPECT_EQ(a->control.serial, 21);
    EXPECT_EQ(stored_events(), 1);
}

TEST_F(Gb26875Receiver, FiftyFramesInOneWriteAreAllAnsweredInOrder) {
    std::string batch;
    for (std::uint16_t i = 0; i < 50; ++i) {
        // 50 components of system 2, each in alarm: 50 events.
        batch += gbt::frame(static_cast<std::uint16_t>(100 + i),
                            gbt::component_unit(2, 0x00010000u + i, fire));
    }
    gbt::device d(daemon.gb26875_port());
    d.send(batch);
    for (std::uint16_t i = 0; i < 50; ++i) {
        auto a = d.next();
        ASSERT_TRUE(a) << "no answer to frame " << i;
        EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
        EXPECT_EQ(a->control.serial, 100 + i);
    }
    EXPECT_EQ(stored_events(), 50);
}

TEST_F(Gb26875Receiver, RetransmissionIsConfirmedWithoutASecondEvent) {
    const auto bytes = gbt::frame(31, gbt::component_unit(1, 0x00020003, fire));
    ASSERT_EQ(exchange(bytes)->control.cmd, gbt::gb::command::confirm);
    ASSERT_EQ(exchange(bytes)->control.cmd, gbt::gb::command::confirm);
    EXPECT_EQ(stored_events(), 1);
}

TEST_F(Gb26875Receiver, HeartbeatIsConfirmedAndStoresNothing) {
    auto a = exchange(gbt::frame(41));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    EXPECT_EQ(a->control.serial, 41);
    EXPECT_EQ(stored_events(), 0);
}

TEST_F(Gb26875Receiver, UnknownDeviceIsConfirmedAndNothingIsStored) {
    auto a = exchange(gbt::frame(51, gbt::component_unit(1, 0x00020003, fire), 0x0000DEADBEEF));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    EXPECT_EQ(a->control.destination, 0x0000DEADBEEFu);
    EXPECT_EQ(stored_events(), 0);
    const auto metrics = http_call(daemon.http_port(), "GET", "/metrics", {}, "tok-g01").body;
    EXPECT_NE(
        metrics.find("alarmd_gb26875_frames_total{answer=\"confirm\",reason=\"unknown_device\"} 1"),
        std::string::npos)
        << metrics;
}

// A reset at the panel (type 4, operation bit 0) restores what it had in alarm.
TEST_F(Gb26875Receiver, PanelResetRestoresItsAlarms) {
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    ASSERT_TRUE(exchange(gbt::frame(61, gbt::component_unit(1, 0x00020003, fire))));
    auto m = g.next_of("incident.opened");
    ASSERT_TRUE(m);
    // type 4, one record: system type 1, address 1, flags = reset, operator 3, time.
    const std::vector<std::uint8_t> reset{4, 1, 1, 1, 0x01, 3, 0, 0, 10, 26, 9, 12};
    auto a = exchange(gbt::frame(62, reset));
    ASSERT_TRUE(a);
    EXPECT_EQ(a->control.cmd, gbt::gb::command::confirm);
    auto u = g.next_of("incident.updated");
    ASSERT_TRUE(u);
    EXPECT_EQ(str(*u, {"change"}), "restored");
    EXPECT_EQ(str(*u, {"event", "zone"}), "1/0x00020003");
    EXPECT_EQ(stored_events(), 2);
}

TEST_F(Gb26875Receiver, Gb26875SendTool) {
    const auto tool = test_tool_path("gb26875-send");
    ASSERT_TRUE(std::filesystem::exists(tool)) << "gb26875-send is built with the tests: " << tool;
    const auto target = " --tcp 127.0.0.1:" + std::to_string(daemon.gb26875_port());
    std::string out;
    EXPECT_EQ(run_tool(tool + target + " --component 1/0x00020003 --status 0x0003 --serial 5", out),
              0)
        << out;
    EXPECT_EQ(out.rfind("confirm serial=5", 0), 0u) << out;
    EXPECT_EQ(run_tool(tool + target + " --heartbeat --count 50", out), 0) << out;
    EXPECT_NE(out.find("confirmed=50"), std::string::npos) << out;
    EXPECT_NE(out.find("frames_per_second="), std::string::npos) << out;
    EXPECT_EQ(run_tool(tool + target + " --heartbeat --bad-checksum", out), 1) << out;
    EXPECT_EQ(out.rfind("deny", 0), 0u) << out;
    EXPECT_EQ(stored_events(), 1);
}

// A device that stops sending heartbeats gets a comm_fault incident; its next frame restores it.
TEST(Gb26875Supervision, SilentDeviceOpensCommFaultAndItsNextFrameRestoresIt) {
    redis_server redis;
    inprocess_daemon daemon(gbt::yaml(redis.url(), /*supervised=*/true), [](config::config& c) {
        for (auto& d : c.devices) {
            if (d.id == "uitd-sup") {
                d.supervision = 2s;
            }
        }
    });
    auto heartbeat = [&](std::uint16_t serial) {
        gbt::device d(daemon.gb26875_port());
        d.send(gbt::frame(serial, {}, gbt::uitd_sup));
        auto a = d.next();
        return a ? a->control.cmd : gbt::gb::command::reserved;
    };
    ASSERT_EQ(heartbeat(1), gbt::gb::command::confirm);
    ws_client g(daemon.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));

    // Heartbeats every 100 ms for longer than the 2 s interval keep it quiet.
    const auto quiet_until = std::chrono::steady_clock::now() + 3s;
    std::uint16_t serial = 2;
    while (std::chrono::steady_clock::now() < quiet_until) {
        std::this_thread::sleep_for(100ms);
        ASSERT_EQ(heartbeat(serial++), gbt::gb::command::confirm);
    }
    EXPECT_EQ(redis_query(redis.port(), {"XLEN", "t:events"}).integer, 0);

    auto opened = g.next_of("incident.opened", 30s);
    ASSERT_TRUE(opened) << "no comm_fault incident";
    EXPECT_EQ(str(*opened, {"incident", "category"}), "comm_fault");
    EXPECT_EQ(str(*opened, {"event", "device"}), "uitd-sup");
    EXPECT_EQ(str(*opened, {"event", "source"}), "gb26875");
    EXPECT_EQ(str(*opened, {"event", "kind"}), "fault");
    EXPECT_EQ(str(*opened, {"event", "code"}), "supervision");
    EXPECT_EQ(str(*opened, {"event", "location", "label"}), "1号楼传输装置");

    ASSERT_EQ(heartbeat(serial), gbt::gb::command::confirm);
    auto restored = g.next_of("incident.updated", 30s);
    ASSERT_TRUE(restored);
    EXPECT_EQ(str(*restored, {"change"}), "restored");
    EXPECT_EQ(str(*restored, {"incident_id"}), str(*opened, {"incident", "id"}));
    EXPECT_EQ(str(*restored, {"event", "kind"}), "fault_restore");
}

// After a restart the alarm still open is remembered: the device's normal report restores it.
TEST(Gb26875Restart, OpenAlarmIsRestoredByTheNormalReportAfterARestart) {
    redis_server redis;
    std::string incident;
    {
        inprocess_daemon first(gbt::yaml(redis.url()));
        ws_client g(first.http_port(), "tok-g01");
        ASSERT_TRUE(g.next_of("hello"));
        gbt::device d(first.gb26875_port());
        d.send(gbt::frame(1, gbt::component_unit(1, 0x00020003, fire)));
        ASSERT_TRUE(d.next());
        auto m = g.next_of("incident.opened");
        ASSERT_TRUE(m);
        incident = str(*m, {"incident", "id"});
    }
    inprocess_daemon second(gbt::yaml(redis.url()));
    ws_client g(second.http_port(), "tok-g01");
    ASSERT_TRUE(g.next_of("hello"));
    gbt::device d(second.gb26875_port());
    d.send(gbt::frame(2, gbt::component_unit(1, 0x00020003, normal)));
    ASSERT_TRUE(d.next());
    auto u = g.next_of("incident.updated");
    ASSERT_TRUE(u);
    EXPECT_EQ(str(*u, {"incident_id"}), incident);
    EXPECT_EQ(str(*u, {"change"}), "restored");
}

}  // namespace
}  // namespace alarmd::test
