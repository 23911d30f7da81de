// The config loader: every kind of problem comes back as an exact `file:line: message`, all of
// them at once, and a good file gives the typed config with its defaults and resolved policies.
#include "daemon/config/loader.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/duration.hpp"
#include "daemon/config/listen_address.hpp"
#include "daemon/config/policies.hpp"
#include "tests/unit/config/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using alarmd::test::temp_dir;
using alarmd::config::config;
using alarmd::config::diagnostics;
using alarmd::config::load_file;
using alarmd::config::load_string;

// Relative paths in these configs must not resolve to anything real.
constexpr std::string_view nowhere = "/nonexistent/alarmd-config-test";

// Demo tokens (sha256 of "demo-g01" .. "demo-g04"), written $T1 .. $T4 in the YAML below to
// keep its lines short.
constexpr std::array<std::string_view, 4> tokens{
    "fe0bee35c446b894fb3139bb0d725b84966b68c7d6b5daacdf9a89d4ba7e867e",
    "ccc07837d61f8a47199909b056e39f06d2d7ce7c7354913dc2eeadade63aed7e",
    "5d359ae3e922e1376e090a6bfc9bcfef4953ed880e57096e1b2bd8b77e101a0c",
    "3ea91579e0573bb8f4eb6fc653448fbdaebef676c018f3f34f5b03ff9bc20e9d",
};

// Raw strings start with a newline so that the YAML below reads at its real line numbers:
// the first line after R"( is line 1. $T1 .. $T4 become quoted tokens.
[[nodiscard]] std::string yaml(std::string_view text) {
    if (text.starts_with('\n')) {
        text.remove_prefix(1);
    }
    std::string out(text);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string name = "$T" + std::to_string(i + 1);
        for (auto at = out.find(name); at != std::string::npos; at = out.find(name)) {
            out.replace(at, name.size(), "\"" + std::string(tokens[i]) + "\"");
        }
    }
    return out;
}

[[nodiscard]] std::vector<std::string> errors_of(const std::string& text,
                                                 std::string_view base_dir = nowhere) {
    const auto loaded = load_string(text, "alarmd.yaml", base_dir);
    std::vector<std::string> out;
    if (!loaded) {
        for (const auto& d : loaded.error().items) {
            out.push_back(d.str());
        }
    }
    return out;
}

[[nodiscard]] config load_ok(const std::string& text, std::string_view base_dir = nowhere) {
    auto loaded = load_string(text, "alarmd.yaml", base_dir);
    if (!loaded) {
        std::string all;
        for (const auto& d : loaded.error().items) {
            all += d.str() + "\n";
        }
        ADD_FAILURE() << "unexpected diagnostics:\n" << all;
        return {};
    }
    return std::move(*loaded);
}

// The single diagnostic of a config that has exactly one problem.
[[nodiscard]] std::string only_error(const std::string& text) {
    const auto errors = errors_of(text);
    EXPECT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
    return errors.empty() ? std::string() : errors.front();
}

// A valid base to break one thing in: one building, and a line count that tests rely on.
constexpr std::string_view site_b1 = R"(
site:
  buildings:
    - { id: B1, name: "1号楼", floors: 18 }
)";

// The SHA-256 of "demo-g01": printf %s demo-g01 | sha256sum
constexpr std::string_view token_g01 = tokens[0];

}  // namespace

// --- diagnostics: exact file, line and message ---------------------------------------------

TEST(ConfigLoader, UnknownKeyNamesFileAndLine) {
    EXPECT_EQ(only_error(yaml(R"(
server:
  http_listen: "127.0.0.1:8080"
  foo: 1
)")),
              "alarmd.yaml:3: unknown key 'foo' in server");
}

TEST(ConfigLoader, SiteTimezoneIsAnIanaNameThatExists) {
    EXPECT_EQ(load_ok(yaml("site: { timezone: Asia/Shanghai }\n")).timezone, "Asia/Shanghai");
    EXPECT_EQ(load_ok(yaml("site: { buildings: [] }\n")).timezone, "") << "default: the system's";
    for (const char* bad : {"Asia/Shangai", "../../etc/passwd", "/etc/localtime"}) {
        EXPECT_EQ(only_error(yaml(std::string("site: { timezone: \"") + bad + "\" }\n")),
                  std::string("alarmd.yaml:1: site.timezone: unknown time zone '") + bad +
                      "' (an IANA name such as Asia/Shanghai, from tzdata)");
    }
}

TEST(ConfigLoader, UnknownTopLevelKeySuggestsTheCloseOne) {
    EXPECT_EQ(only_error(yaml(R"(
servr: {}
)")),
              "alarmd.yaml:1: unknown key 'servr' at top level (did you mean 'server'?)");
}

TEST(ConfigLoader, UnknownKeysAreRejectedAtEveryLevel) {
    const auto errors = errors_of(yaml(R"(
site:
  buildings:
    - { id: B1, floors: 3, colour: red }
devices:
  - id: d1
    protocol: http
    building: B1
    zones:
      door: { label: "门口机", lable: x }
policies:
  default:
    stages:
      - { name: alert, at: 0s, to: [guard], via: [ws], when: now }
ingest:
  sia: { tcp: "0.0.0.0:5000", tpc: "0.0.0.0:5001" }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:3: unknown key 'colour' in site.buildings[0]",
                          "alarmd.yaml:9: unknown key 'lable' in devices[0].zones.door "
                          "(did you mean 'label'?)",
                          "alarmd.yaml:13: unknown key 'when' in policies.default.stages[0]",
                          "alarmd.yaml:15: unknown key 'tpc' in ingest.sia (did you mean 'tcp'?)",
                      }));
}

TEST(ConfigLoader, DuplicateKeyNamesTheFirst) {
    EXPECT_EQ(only_error(yaml(R"(
redis:
  key_prefix: "a:"
  key_prefix: "b:"
)")),
              "alarmd.yaml:3: duplicate key 'key_prefix' in redis (first at line 2)");
}

TEST(ConfigLoader, SeveralErrorsAreAllReportedInLineOrder) {
    const auto errors = errors_of(yaml(R"(
correlation:
  dedupe_window: 10 minutes
server:
  http_listen: "localhost"
  bogus: true
websocket:
  queue_limit: 3
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:2: bad duration '10 minutes' for correlation.dedupe_window "
                          "(use ms, s, m, h, e.g. 90s)",
                          "alarmd.yaml:4: server.http_listen: bad listen address 'localhost' "
                          "(use an IPv4 address and port, e.g. 0.0.0.0:5000, or [IPv6]:port; "
                          "host names are not resolved; port 0..65535)",
                          "alarmd.yaml:5: unknown key 'bogus' in server",
                          "alarmd.yaml:7: websocket.queue_limit: 3 is out of range (16..1000000)",
                      }));
}

TEST(ConfigLoader, YamlSyntaxErrorHasItsLine) {
    EXPECT_EQ(only_error(yaml(R"(
server:
  http_listen: [1, 2
redis: {}
)")),
              "alarmd.yaml:3: YAML syntax error: end of sequence flow not found");
    EXPECT_EQ(only_error(yaml(R"(
server:
  http_listen: x
 max_body_bytes: 2048
)")),
              "alarmd.yaml:3: YAML syntax error: end of map not found");
}

TEST(ConfigLoader, SecondDocumentIsAnError) {
    const auto errors = errors_of(yaml(R"(
server: {}
---
redis: {}
)"));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(errors[0].starts_with("alarmd.yaml:2: unexpected content after the document"))
        << errors[0];
}

TEST(ConfigLoader, TopLevelMustBeAMap) {
    EXPECT_EQ(only_error("- a\n- b\n"), "alarmd.yaml:1: top level: expected a map, got a list");
}

TEST(ConfigLoader, WrongShapesAreNamed) {
    const auto errors = errors_of(yaml(R"(
server: [1, 2]
devices: { id: x }
people:
  - id: [a]
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:1: server: expected a map, got a list",
                          "alarmd.yaml:2: devices: expected a list, got a map",
                          "alarmd.yaml:4: people[0].id: expected a single value, got a list",
                          "alarmd.yaml:4: people[0].role: missing (guard, team_lead, manager or "
                          "admin)",
                          "alarmd.yaml:4: people[0].token_sha256: missing (a person needs a token)",
                      }));
}

TEST(ConfigLoader, MissingFileIsLineZero) {
    const auto loaded = load_file("/nonexistent/alarmd-config-test/alarmd.yaml");
    ASSERT_FALSE(loaded);
    ASSERT_EQ(loaded.error().items.size(), 1u);
    const auto d = loaded.error().items[0];  // error() returns a copy
    EXPECT_EQ(d.line, 0);
    EXPECT_EQ(d.str(),
              "/nonexistent/alarmd-config-test/alarmd.yaml: cannot read file (no such file)");
}

TEST(ConfigLoader, DirectoryIsNotAConfigFile) {
    temp_dir dir;
    const auto loaded = load_file(dir.path().string());
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().items.at(0).message, "cannot read file (not a regular file)");
}

TEST(ConfigLoader, ValueThrowsWithEveryDiagnostic) {
    const auto loaded = load_string("server: {a: 1, b: 2}\n", "x.yaml", nowhere);
    ASSERT_FALSE(loaded);
    try {
        (void)loaded.value();
        FAIL() << "value() did not throw";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("x.yaml:1: unknown key 'a' in server"), std::string::npos) << what;
        EXPECT_NE(what.find("x.yaml:1: unknown key 'b' in server"), std::string::npos) << what;
    }
}

// --- required fields, formats, uniqueness, references ---------------------------------------

TEST(ConfigLoader, RequiredFieldsAreNamed) {
    const auto errors = errors_of(yaml(R"(
site:
  buildings:
    - { name: "无编号" }
devices:
  - { label: x }
people:
  - { name: "张三" }
ingest:
  http_sources:
    - { token_sha256: "fe0bee35c446b894fb3139bb0d725b84966b68c7d6b5daacdf9a89d4ba7e867e" }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:3: site.buildings[0].id: missing (a building needs an id)",
                          "alarmd.yaml:5: devices[0].id: missing (a device needs an id)",
                          "alarmd.yaml:5: devices[0].protocol: missing (sia, gb26875, http or ami)",
                          "alarmd.yaml:5: devices[0].building: missing (the site.buildings id it "
                          "is in)",
                          "alarmd.yaml:7: people[0].id: missing (a person needs an id)",
                          "alarmd.yaml:7: people[0].role: missing (guard, team_lead, manager or "
                          "admin)",
                          "alarmd.yaml:7: people[0].token_sha256: missing (a person needs a token)",
                          "alarmd.yaml:10: ingest.http_sources[0].name: missing (a source needs a "
                          "name)",
                      }));
}

TEST(ConfigLoader, PersonWithoutTokenNamesItsIndex) {
    const std::string text = yaml(R"(
people:
  - { id: g01, role: guard, token_sha256: $T1 }
  - { id: g02, role: guard, token_sha256: $T2 }
  - id: g03
    role: guard
)");
    EXPECT_EQ(only_error(text),
              "alarmd.yaml:4: people[2].token_sha256: missing (a person needs a "
              "token)");
}

TEST(ConfigLoader, TokenMustBe64HexAndIsLowerCased) {
    EXPECT_EQ(only_error(yaml(R"(
people:
  - { id: g01, role: guard, token_sha256: "demo-g01" }
)")),
              "alarmd.yaml:2: people[0].token_sha256: must be 64 hex digits, the SHA-256 of the "
              "token (printf %s TOKEN | sha256sum)");

    const auto cfg = load_ok(yaml(R"(
people:
  - id: g01
    role: guard
    token_sha256: "FE0BEE35C446B894FB3139BB0D725B84966B68C7D6B5DAACDF9A89D4BA7E867E"
)"));
    ASSERT_EQ(cfg.people.size(), 1u);
    EXPECT_EQ(cfg.people[0].token_sha256, token_g01);
}

TEST(ConfigLoader, TheSameTokenTwiceIsRejected) {
    EXPECT_EQ(only_error(yaml(R"(
ingest:
  http_sources:
    - { name: gw, token_sha256: "fe0bee35c446b894fb3139bb0d725b84966b68c7d6b5daacdf9a89d4ba7e867e" }
people:
  - id: g01
    role: guard
    token_sha256: "FE0BEE35C446B894FB3139BB0D725B84966B68C7D6B5DAACDF9A89D4BA7E867E"
)")),
              "alarmd.yaml:7: people[0].token_sha256: same token as line 3 (every person and "
              "source needs its own)");
}

TEST(ConfigLoader, DuplicateIdsNameTheFirstLine) {
    const auto errors = errors_of(yaml(R"(
site:
  buildings:
    - { id: B1 }
    - { id: B1 }
devices:
  - { id: panel-b3, protocol: http, building: B1 }
  - { id: panel-b3, protocol: http, building: B1 }
people:
  - { id: g01, role: guard, token_sha256: $T1 }
  - { id: g01, role: guard, token_sha256: $T2 }
ingest:
  http_sources:
    - { name: gw, token_sha256: "5d359ae3e922e1376e090a6bfc9bcfef4953ed880e57096e1b2bd8b77e101a0c" }
    - { name: gw, token_sha256: "3ea91579e0573bb8f4eb6fc653448fbdaebef676c018f3f34f5b03ff9bc20e9d" }
sms:
  gateways:
    - { name: demo, type: log }
    - { name: demo, type: log }
policies:
  default:
    stages:
      - { name: alert, at: 0s, to: [guard], via: [ws] }
      - { name: alert, at: 1m, to: [team_lead], via: [sms] }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:4: duplicate building id 'B1' (first at line 3)",
                          "alarmd.yaml:7: duplicate device id 'panel-b3' (first at line 6)",
                          "alarmd.yaml:10: duplicate person id 'g01' (first at line 9)",
                          "alarmd.yaml:14: duplicate http source name 'gw' (first at line 13)",
                          "alarmd.yaml:18: duplicate sms gateway name 'demo' (first at line 17)",
                          "alarmd.yaml:23: duplicate stage name 'alert' in policies.default "
                          "(first at line 22)",
                      }));
}

TEST(ConfigLoader, DeviceBuildingMustBeKnown) {
    EXPECT_EQ(only_error(yaml(site_b1) + yaml(R"(
devices:
  - { id: door-1, protocol: http, building: B1 }
  - { id: door-2, protocol: http, building: B9 }
)")),
              "alarmd.yaml:6: devices[1].building: unknown building 'B9'");
}

TEST(ConfigLoader, BadIdIsRejected) {
    EXPECT_EQ(only_error(yaml(site_b1) + yaml(R"(
devices:
  - { id: "door 1", protocol: http, building: B1 }
)")),
              "alarmd.yaml:5: devices[0].id: 'door 1' is not a valid id (1 to 64 letters, digits, "
              "'-', '_' or '.')");
}

TEST(ConfigLoader, SiaDeviceChecks) {
    const auto errors = errors_of(yaml(site_b1) + yaml(R"(
devices:
  - { id: p1, protocol: sia, building: B1 }
  - { id: p2, protocol: sia, building: B1, account: "1234", key: "00112233" }
  - { id: p3, protocol: sia, building: B1, account: "1234" }
  - { id: p4, protocol: sia, building: B1, account: "12G4", address: "0000000000AB" }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:5: devices[0].account: missing (a sia device needs its "
                          "DC-09 account number)",
                          "alarmd.yaml:6: devices[1].key: must be 32, 48 or 64 hex digits (an "
                          "AES-128/192/256 key)",
                          "alarmd.yaml:7: duplicate sia account '1234' (first at line 6)",
                          "alarmd.yaml:8: devices[3].account: must be 3 to 16 hex digits, got "
                          "'12G4'",
                          "alarmd.yaml:8: devices[3].address: not used by protocol sia",
                      }));
}

TEST(ConfigLoader, SiaKeysOfEveryAesSizeAreAccepted) {
    for (const std::size_t digits : {32u, 48u, 64u}) {
        const auto cfg = load_ok(yaml(site_b1) +
                                 "devices:\n  - { id: p, protocol: sia, "
                                 "building: B1, account: \"1234\", key: \"" +
                                 std::string(digits, 'a') + "\" }\n");
        ASSERT_EQ(cfg.devices.size(), 1u);
        EXPECT_EQ(cfg.devices[0].key_hex.size(), digits);
    }
}

TEST(ConfigLoader, ErrorsDoNotEchoSecrets) {
    const auto errors = errors_of(yaml(site_b1) + yaml(R"(
devices:
  - { id: p, protocol: sia, building: B1, account: "1234", key: "topsecretkeymaterial" }
)"));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].find("topsecret"), std::string::npos) << errors[0];
}

TEST(ConfigLoader, Gb26875DeviceChecks) {
    const auto errors = errors_of(yaml(site_b1) + yaml(R"(
devices:
  - { id: u1, protocol: gb26875, building: B1 }
  - { id: u2, protocol: gb26875, building: B1, address: "ABC" }
  - { id: u3, protocol: gb26875, building: B1, address: "0000000000ab" }
  - { id: u4, protocol: gb26875, building: B1, address: "0000000000AB", account: "1234" }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:5: devices[0].address: missing (a gb26875 device needs its "
                          "12-hex-digit source address)",
                          "alarmd.yaml:6: devices[1].address: must be 12 hex digits (6 bytes), got "
                          "'ABC'",
                          "alarmd.yaml:8: duplicate gb26875 address '0000000000AB' (first at line "
                          "7)",
                          "alarmd.yaml:8: devices[3].account: not used by protocol gb26875",
                      }));
}

// Points are "system/component" or a system alone; two spellings of one point are one point.
TEST(ConfigLoader, Gb26875PointKeysAreCheckedAndCanonical) {
    const auto errors = errors_of(yaml(site_b1) + yaml(R"(
devices:
  - id: u1
    protocol: gb26875
    building: B1
    address: "0000000000AB"
    points:
      "1/0x00020003": { label: a }
      "1/131075": { label: b }
      "floor 2": { label: c }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:11: devices[0].points.1/131075: names the same point as "
                          "another key",
                          "alarmd.yaml:12: devices[0].points.floor 2: a point is "
                          "\"system/component\" (system address 0-255, component address as 0x "
                          "hex or decimal, e.g. \"1/0x00020003\") or a system address alone",
                      }));
}

TEST(ConfigLoader, DeviceZonesAndPointsAreRead) {
    const auto cfg = load_ok(yaml(site_b1) + yaml(R"(
devices:
  - id: panel-b1
    protocol: sia
    account: "1234"
    building: B1
    supervision: 3m
    zones:
      "003": { floor: 3, label: "3F 电梯厅烟感", cameras: ["cam-b1-3f"] }
      "020": { floor: -1, label: "B1 水箱" }
  - id: uitd
    protocol: gb26875
    address: "0000000000ab"
    building: B1
    points:
      "1/0x00020003": { floor: 2, label: "2F 走廊烟感" }
)"));
    const auto* panel = cfg.find_device("panel-b1");
    ASSERT_NE(panel, nullptr);
    EXPECT_EQ(panel->protocol, alarmd::config::device_protocol::sia);
    EXPECT_EQ(panel->supervision, alarmd::config::duration(3min));
    EXPECT_EQ(panel->line, 5);
    ASSERT_EQ(panel->zones.size(), 2u);
    EXPECT_EQ(panel->zones.at("003").floor, 3);
    EXPECT_EQ(panel->zones.at("003").label, "3F 电梯厅烟感");
    EXPECT_EQ(panel->zones.at("003").cameras, std::vector<std::string>{"cam-b1-3f"});
    EXPECT_EQ(panel->zones.at("020").floor, -1);
    const auto* uitd = cfg.find_device("uitd");
    ASSERT_NE(uitd, nullptr);
    EXPECT_EQ(uitd->address, "0000000000AB");  // upper case, as the uniqueness check compares
    EXPECT_EQ(uitd->points.at("1/0x00020003").label, "2F 走廊烟感");
    EXPECT_EQ(cfg.find_device("nope"), nullptr);
}

TEST(ConfigLoader, ZoneFloorAboveTheBuildingIsCaught) {
    EXPECT_EQ(only_error(yaml(site_b1) + yaml(R"(
devices:
  - id: p
    protocol: http
    building: B1
    zones:
      "1": { floor: 30 }
)")),
              "alarmd.yaml:9: devices[0].zones.1.floor: 30 is above the top floor of building B1 "
              "(18)");
}

TEST(ConfigLoader, PersonFieldsAndShifts) {
    const auto errors = errors_of(yaml(R"(
people:
  - id: g01
    role: boss
    phone: "138 0000 0001"
    token_sha256: "fe0bee35c446b894fb3139bb0d725b84966b68c7d6b5daacdf9a89d4ba7e867e"
    shifts: [{ from: "08:00", to: "24:00" }, { from: "8:00" }]
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:3: people[0].role: unknown value 'boss' (use guard, "
                          "team_lead, manager or admin)",
                          "alarmd.yaml:4: people[0].phone: bad phone number '138 0000 0001' (use "
                          "digits with an optional leading +, e.g. +8613800000001)",
                          "alarmd.yaml:6: people[0].shifts[0].to: bad time '24:00' (use HH:MM, "
                          "00:00..23:59, e.g. 08:00)",
                          "alarmd.yaml:6: people[0].shifts[1].from: bad time '8:00' (use HH:MM, "
                          "00:00..23:59, e.g. 08:00)",
                          "alarmd.yaml:6: people[0].shifts[1].to: missing (HH:MM)",
                      }));

    const auto cfg = load_ok(yaml(R"(
people:
  - id: lead1
    name: "陈静"
    role: team_lead
    phone: "+8613800000011"
    token_sha256: "2e39aba479a5d400776949a3c26dd31a1dde16e2c9c53c8b4d1fbd6a343f28cf"
    shifts: [{ from: "20:00", to: "08:00" }]
)"));
    ASSERT_EQ(cfg.people.size(), 1u);
    EXPECT_EQ(cfg.people[0].person_role, alarmd::config::role::team_lead);
    EXPECT_EQ(cfg.people[0].name, "陈静");
    ASSERT_EQ(cfg.people[0].shifts.size(), 1u);
    EXPECT_EQ(cfg.people[0].shifts[0].from, "20:00");
    EXPECT_EQ(cfg.people[0].shifts[0].to, "08:00");
}

TEST(ConfigLoader, SmsGatewayChecks) {
    const auto errors = errors_of(yaml(R"(
sms:
  gateways:
    - { name: primary, type: smpp, host: 127.0.0.1 }
    - { name: backup, type: http, url: "ftp://x", method: DELETE }
    - { name: demo, type: log, url: "http://x" }
    - { name: other, type: carrier-pigeon }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:3: sms.gateways[0].port: missing (the SMPP server port, "
                          "often 2775)",
                          "alarmd.yaml:3: sms.gateways[0].system_id: missing (the SMPP bind "
                          "system_id)",
                          "alarmd.yaml:4: sms.gateways[1].url: expected an http:// or https:// URL",
                          "alarmd.yaml:4: sms.gateways[1].method: unknown value 'DELETE' (use GET, "
                          "POST or PUT)",
                          "alarmd.yaml:5: sms.gateways[2].url: not used by type log",
                          "alarmd.yaml:6: sms.gateways[3].type: unknown value 'carrier-pigeon' "
                          "(use smpp, http or log)",
                      }));
}

TEST(ConfigLoader, SmppGatewayKeysAndSmsLimits) {
    const auto cfg = load_ok(yaml(R"(
sms:
  per_recipient_per_minute: 3
  max_in_flight: 8
  gateways:
    - name: operator
      type: smpp
      host: smsc.example.cn
      port: 2775
      system_id: estate01
      password: pw
      source_addr: "10690001"
      bind: transmitter
      source_ton: 5
      dest_ton: 0
      window: 4
      enquire_link: 45s
      response_timeout: 5s
      reconnect_max: 1m
      retries: 2
      receipts: false
      ucs2_only: true
    - { name: plain, type: smpp, host: 10.0.0.7, port: 2775, system_id: x }
)"));
    EXPECT_EQ(cfg.sms.per_recipient_per_minute, 3u);
    EXPECT_EQ(cfg.sms.max_in_flight, 8u);
    ASSERT_EQ(cfg.sms.gateways.size(), 2u);
    const auto& g = cfg.sms.gateways[0];
    EXPECT_FALSE(g.transceiver);
    EXPECT_EQ(g.source_addr, "10690001");
    EXPECT_EQ(g.source_ton, 5);
    EXPECT_EQ(g.dest_ton, 0);
    EXPECT_EQ(g.dest_npi, 1) << "the default";
    EXPECT_EQ(g.window, 4u);
    EXPECT_EQ(g.enquire_link, 45s);
    EXPECT_EQ(g.response_timeout, 5s);
    EXPECT_EQ(g.reconnect_max, 60s);
    EXPECT_EQ(g.retries, 2);
    EXPECT_FALSE(g.receipts);
    EXPECT_TRUE(g.ucs2_only);
    const auto& d = cfg.sms.gateways[1];
    EXPECT_TRUE(d.transceiver);
    EXPECT_EQ(d.window, 10u);
    EXPECT_TRUE(d.receipts);
    EXPECT_FALSE(d.ucs2_only);
    EXPECT_EQ(cfg.sms.gateways[1].retries, 5);

    const auto errors = errors_of(yaml(R"(
sms:
  gateways:
    - { name: a, type: smpp, host: h, port: 2775, system_id: x, bind: receiver, window: 0 }
    - { name: b, type: http, url: "http://10.0.0.1/s", window: 4 }
    - { name: c, type: log, source_addr: "1" }
)"));
    ASSERT_EQ(errors.size(), 4u) << ::testing::PrintToString(errors);
    EXPECT_NE(errors[0].find("gateways[0].bind"), std::string::npos) << errors[0];
    EXPECT_NE(errors[1].find("gateways[0].window"), std::string::npos) << errors[1];
    EXPECT_NE(errors[2].find("gateways[1].window: not used by type http"), std::string::npos)
        << errors[2];
    EXPECT_NE(errors[3].find("gateways[2].source_addr: not used by type log"), std::string::npos)
        << errors[3];
}

TEST(ConfigLoader, HttpGatewayKeys) {
    const auto cfg = load_ok(yaml(R"(
sms:
  gateways:
    - name: kannel
      type: http
      url: "http://127.0.0.1:13013/cgi-bin/sendsms?username=u&password=p&to={to}&text={text}"
      method: GET
      success_match: "Accepted"
    - name: cloud
      type: http
      url: "https://sms.example.com/v1/send"
      headers: { Authorization: "Bearer s3cret", Content-Type: application/json }
      body: '{"to":"{to}","text":"{text}","ref":"{ref}"}'
      success_status: [200, 202]
      timeout: 2500ms
    - { name: one-status, type: http, url: "http://10.0.0.6/send", success_status: 201 }
)"));
    ASSERT_EQ(cfg.sms.gateways.size(), 3u);
    const auto& kannel = cfg.sms.gateways[0];
    EXPECT_EQ(kannel.type, alarmd::config::gateway_type::http);
    EXPECT_EQ(kannel.method, "GET");
    EXPECT_EQ(kannel.success_match, "Accepted");
    EXPECT_TRUE(kannel.success_status.empty());
    EXPECT_TRUE(kannel.headers.empty());
    EXPECT_EQ(kannel.timeout, 10s) << "the default";
    const auto& cloud = cfg.sms.gateways[1];
    EXPECT_EQ(cloud.method, "POST") << "the default";
    EXPECT_EQ(cloud.headers,
              (std::map<std::string, std::string>{{"Authorization", "Bearer s3cret"},
                                                  {"Content-Type", "application/json"}}));
    EXPECT_EQ(cloud.body, R"({"to":"{to}","text":"{text}","ref":"{ref}"})");
    EXPECT_EQ(cloud.success_status, (std::vector<int>{200, 202}));
    EXPECT_EQ(cloud.timeout, 2500ms);
    EXPECT_EQ(cfg.sms.gateways[2].success_status, (std::vector<int>{201}));
}

TEST(ConfigLoader, HttpGatewayChecks) {
    const auto errors = errors_of(yaml(R"(
sms:
  gateways:
    - name: a
      type: http
      url: "http://gw/send?to={phone}"
      method: GET
      body: "to={to}"
      headers: { "Bad Name": x, Host: gw, X-Key: [1, 2], X-Token: "a\r\nb", x-token: c }
      success_status: [200, "2xx", 600]
      timeout: 50ms
    - { name: b, type: http, url: "http://u:secret@gw/", body: "{txt}" }
    - { name: c, type: smpp, host: h, port: 2775, system_id: s, timeout: 1s, headers: {} }
    - { name: d, type: log, success_match: x, success_status: 200 }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:5: sms.gateways[0].url: unknown placeholder {phone} (use "
                          "{to}, {text} or {ref})",
                          "alarmd.yaml:7: sms.gateways[0].body: not sent with method GET (use "
                          "POST or PUT, or put the fields in the URL's query)",
                          "alarmd.yaml:8: sms.gateways[0].headers.Bad Name: not an HTTP header "
                          "name (letters, digits and !#$%&'*+-.^_`|~)",
                          "alarmd.yaml:8: sms.gateways[0].headers.Host: set by alarmd (from the "
                          "URL and the body); remove it",
                          "alarmd.yaml:8: sms.gateways[0].headers.X-Key: expected a single value",
                          "alarmd.yaml:8: sms.gateways[0].headers.X-Token: control characters "
                          "(line breaks) or more than 4096 bytes",
                          "alarmd.yaml:8: sms.gateways[0].headers.x-token: header listed twice "
                          "(first at line 8)",
                          "alarmd.yaml:9: sms.gateways[0].success_status: '2xx' is not an HTTP "
                          "status (100..599)",
                          "alarmd.yaml:10: sms.gateways[0].timeout: 50ms is out of range "
                          "(100ms..5m)",
                          "alarmd.yaml:11: sms.gateways[1].url: user info (user:password@) is not "
                          "supported; put credentials in the query or in headers",
                          "alarmd.yaml:11: sms.gateways[1].body: unknown placeholder {txt} (use "
                          "{to}, {text} or {ref})",
                          "alarmd.yaml:12: sms.gateways[2].headers: not used by type smpp",
                          "alarmd.yaml:12: sms.gateways[2].timeout: not used by type smpp",
                          "alarmd.yaml:13: sms.gateways[3].success_status: not used by type log",
                          "alarmd.yaml:13: sms.gateways[3].success_match: not used by type log",
                      }));
}

TEST(ConfigLoader, IngestAndServerValues) {
    const auto cfg = load_ok(yaml(R"(
server:
  http_listen: "[::1]:8443"
  max_connections: 50
  allowed_origins: ["https://Console.Example:443", "http://10.0.0.5:8080"]
ingest:
  sia: { udp: "0.0.0.0:5000" }
  gb26875: { tcp: "0.0.0.0:5001", supervision: 1m30s }
  ami: { host: pbx, username: alarmd, secret: s3cret, hotline: ["600", "601"] }
redis:
  url: "unix:///run/redis/redis.sock?db=2"
)"));
    EXPECT_EQ(cfg.server.http_listen.host, "::1");
    EXPECT_EQ(cfg.server.http_listen.port, 8443);
    EXPECT_EQ(cfg.server.max_connections, 50u);
    EXPECT_EQ(cfg.server.allowed_origins,
              (std::vector<std::string>{"https://console.example", "http://10.0.0.5:8080"}));
    ASSERT_TRUE(cfg.ingest.sia);
    EXPECT_FALSE(cfg.ingest.sia->tcp);
    ASSERT_TRUE(cfg.ingest.sia->udp);
    EXPECT_EQ(cfg.ingest.sia->udp->host, "0.0.0.0");
    EXPECT_EQ(cfg.ingest.sia->supervision, alarmd::config::duration(90s));
    ASSERT_TRUE(cfg.ingest.gb26875);
    EXPECT_EQ(cfg.ingest.gb26875->supervision, alarmd::config::duration(90s));
    ASSERT_TRUE(cfg.ingest.ami);
    EXPECT_EQ(cfg.ingest.ami->port, 5038);
    EXPECT_EQ(cfg.ingest.ami->hotline, (std::vector<std::string>{"600", "601"}));
    EXPECT_EQ(cfg.redis.url, "unix:///run/redis/redis.sock?db=2");
}

TEST(ConfigLoader, IngestListenersAndCredentialsAreRequired) {
    const auto errors = errors_of(yaml(R"(
ingest:
  sia: { supervision: 90s }
  gb26875: {}
  ami: { host: pbx }
server:
  tls: { cert: cert.pem }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:2: ingest.sia.tcp: missing (give tcp, udp or both, e.g. "
                          "\"0.0.0.0:5000\")",
                          "alarmd.yaml:3: ingest.gb26875.tcp: missing (the listen address, e.g. "
                          "\"0.0.0.0:5001\")",
                          "alarmd.yaml:4: ingest.ami.username: missing (the AMI login user)",
                          "alarmd.yaml:4: ingest.ami.secret: missing (the AMI login secret)",
                          "alarmd.yaml:4: ingest.ami.hotline: missing (the hotline numbers or "
                          "queues whose calls count, e.g. [\"600\"])",
                          "alarmd.yaml:6: server.tls.key: missing (the PEM private key file)",
                      }));
}

TEST(ConfigLoader, AllowedOriginsAreOriginsListedOnce) {
    const auto errors = errors_of(yaml(R"(
server:
  allowed_origins:
    - "https://console.example/"
    - "https://console.example"
    - "HTTPS://console.example:443"
    - "*"
)"));
    EXPECT_EQ(errors,
              (std::vector<std::string>{
                  "alarmd.yaml:3: server.allowed_origins[0]: 'https://console.example/' is not an "
                  "origin (scheme://host[:port] with http or https and nothing after, e.g. "
                  "\"https://console.example\")",
                  "alarmd.yaml:5: server.allowed_origins[2]: 'HTTPS://console.example:443' is "
                  "listed twice",
                  "alarmd.yaml:6: server.allowed_origins[3]: '*' is not an origin (scheme://host"
                  "[:port] with http or https and nothing after, e.g. "
                  "\"https://console.example\")",
              }));
    // An empty list lets no browser page on (clients without Origin still connect).
    const auto none = load_ok("server: { allowed_origins: [] }\n");
    ASSERT_TRUE(none.server.allowed_origins);
    EXPECT_TRUE(none.server.allowed_origins->empty());
}

TEST(ConfigLoader, RedisChecks) {
    const auto errors = errors_of(yaml(R"(
redis:
  url: "http://127.0.0.1:6379"
  reconnect_min: 10s
  reconnect_max: 5s
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:2: redis.url: expected redis://host:port/db, "
                          "rediss://host:port/db or unix:///path?db=N",
                          "alarmd.yaml:3: redis.reconnect_min: reconnect_min (10s) must not be "
                          "above reconnect_max (5s)",
                      }));
}

// --- defaults and bounds -----------------------------------------------------------------

TEST(ConfigLoader, EmptyFileGivesTheDefaults) {
    const auto cfg = load_ok("");
    EXPECT_EQ(cfg.source_path, "alarmd.yaml");
    EXPECT_EQ(cfg.server.http_listen.host, "127.0.0.1");
    EXPECT_EQ(cfg.server.http_listen.port, 8080);
    EXPECT_EQ(cfg.server.max_body_bytes, 64u * 1024);
    EXPECT_EQ(cfg.server.request_timeout, alarmd::config::duration(30s));
    EXPECT_FALSE(cfg.server.tls);
    EXPECT_EQ(cfg.server.max_connections, 1024u);
    EXPECT_FALSE(cfg.server.allowed_origins);
    EXPECT_EQ(cfg.redis.url, "redis://127.0.0.1:6379/0");
    EXPECT_EQ(cfg.redis.key_prefix, "alarmd:");
    EXPECT_EQ(cfg.redis.reconnect_max, alarmd::config::duration(5s));
    EXPECT_FALSE(cfg.ingest.sia);
    EXPECT_FALSE(cfg.ingest.gb26875);
    EXPECT_FALSE(cfg.ingest.ami);
    EXPECT_TRUE(cfg.devices.empty());
    EXPECT_TRUE(cfg.people.empty());
    EXPECT_EQ(cfg.correlation.dedupe_window, alarmd::config::duration(60s));
    EXPECT_EQ(cfg.correlation.group_window, alarmd::config::duration(120s));
    EXPECT_EQ(cfg.websocket.queue_limit, 4096u);
    EXPECT_EQ(cfg.websocket.ping_interval, alarmd::config::duration(20s));
    ASSERT_EQ(cfg.policies.size(), 2u);
    EXPECT_TRUE(cfg.policies.contains("default"));
    // A missed hotline call has its own built-in policy: no residents' notice, climbs until
    // resolved.
    const auto& callback = cfg.policies.at("callback");
    ASSERT_EQ(callback.stages.size(), 3u);
    EXPECT_EQ(callback.stages[1].at, alarmd::config::duration(5min));
    EXPECT_EQ(callback.stages[1].unless,
              std::vector<alarmd::config::stage_condition>{alarmd::config::stage_condition::resolved});
}

TEST(ConfigLoader, NullSectionsReadAsEmpty) {
    const auto cfg = load_ok(yaml(R"(
server:
redis:
devices:
policies:
)"));
    EXPECT_EQ(cfg.server.http_listen.port, 8080);
    EXPECT_TRUE(cfg.policies.contains("default"));
}

TEST(ConfigLoader, BoundsAreEnforcedAtBothEnds) {
    struct row {
        std::string_view setting;
        std::string_view value;
        bool good;
    };
    const row rows[] = {
        {"server: { max_body_bytes: %s }", "1024", true},
        {"server: { max_body_bytes: %s }", "1023", false},
        {"server: { max_body_bytes: %s }", "16777216", true},
        {"server: { max_body_bytes: %s }", "16777217", false},
        {"server: { max_body_bytes: %s }", "-5", false},
        {"server: { max_body_bytes: %s }", "1k", false},
        {"server: { max_connections: %s }", "1", true},
        {"server: { max_connections: %s }", "0", false},
        {"server: { max_connections: %s }", "1000000", true},
        {"server: { max_connections: %s }", "1000001", false},
        {"websocket: { queue_limit: %s }", "16", true},
        {"websocket: { queue_limit: %s }", "15", false},
        {"websocket: { queue_limit: %s }", "1000000", true},
        {"websocket: { queue_limit: %s }", "1000001", false},
        {"correlation: { dedupe_window: %s }", "0", true},
        {"correlation: { dedupe_window: %s }", "24h", true},
        {"correlation: { dedupe_window: %s }", "24h1ms", false},
        {"correlation: { group_window: %s }", "0s", true},
        {"correlation: { group_window: %s }", "25h", false},
        {"site: { buildings: [{ id: B1, floors: %s }] }", "200", true},
        {"site: { buildings: [{ id: B1, floors: %s }] }", "201", false},
        {"ingest: { ami: { username: u, secret: s, hotline: [\"600\"], port: %s } }", "0", false},
        {"ingest: { ami: { username: u, secret: s, hotline: [\"600\"], port: %s } }", "65535", true},
        {"ingest: { ami: { username: u, secret: s, hotline: [\"600\"], port: %s } }", "65536", false},
        {"ingest: { sia: { tcp: \"0.0.0.0:0\", supervision: %s } }", "4s", false},
        {"ingest: { sia: { tcp: \"0.0.0.0:0\", supervision: %s } }", "5s", true},
    };
    for (const auto& r : rows) {
        std::string text(r.setting);
        text.replace(text.find("%s"), 2, r.value);
        const auto errors = errors_of(text + "\n");
        EXPECT_EQ(errors.empty(), r.good) << text << "\n" << ::testing::PrintToString(errors);
    }
    EXPECT_EQ(only_error("server: { max_body_bytes: 1023 }\n"),
              "alarmd.yaml:1: server.max_body_bytes: 1023 is out of range (1024..16777216)");
    EXPECT_EQ(only_error("correlation: { group_window: 25h }\n"),
              "alarmd.yaml:1: correlation.group_window: 25h is out of range (0s..24h)");
    EXPECT_EQ(only_error("server: { max_body_bytes: 1k }\n"),
              "alarmd.yaml:1: server.max_body_bytes: expected a whole number, got '1k'");
}

// --- durations and listen addresses ------------------------------------------------------

TEST(ConfigDuration, GoodValues) {
    using alarmd::config::duration;
    using alarmd::config::parse_duration;
    const std::pair<std::string_view, duration> rows[] = {
        {"0", 0ms},
        {"0s", 0ms},
        {"000", 0ms},
        {"250ms", 250ms},
        {"90s", 90s},
        {"2m", 2min},
        {"1h", 1h},
        {"1m30s", 90s},
        {"1h2m3s4ms", 1h + 2min + 3s + 4ms},
        {"1s500ms", 1500ms},
        {"0m10s", 10s},
        {"168h", 168h},
        {"999999999ms", duration(999'999'999)},
    };
    for (const auto& [text, want] : rows) {
        const auto got = parse_duration(text);
        ASSERT_TRUE(got) << text;
        EXPECT_EQ(*got, want) << text;
    }
}

TEST(ConfigDuration, BadValues) {
    for (const std::string_view text : {"",
                                        "10",
                                        "-5s",
                                        "-0s",
                                        "10 minutes",
                                        "10 s",
                                        " 10s",
                                        "10s ",
                                        "1.5s",
                                        "10sec",
                                        "10d",
                                        "s",
                                        "m30s",
                                        "30s1m",
                                        "1m1m",
                                        "1ms1s",
                                        "1h1h",
                                        "1000000000s",
                                        "99999999999999999999999999h",
                                        "10S",
                                        "1m30",
                                        "+5s",
                                        "0x10s"}) {
        EXPECT_FALSE(alarmd::config::parse_duration(text)) << "'" << text << "'";
    }
}

TEST(ConfigDuration, FormatReadsBack) {
    using alarmd::config::duration;
    using alarmd::config::format_duration;
    EXPECT_EQ(format_duration(0ms), "0s");
    EXPECT_EQ(format_duration(90s), "1m30s");
    EXPECT_EQ(format_duration(24h), "24h");
    EXPECT_EQ(format_duration(1500ms), "1s500ms");
    for (const auto d : {duration(1), duration(61'001), duration(3'723'004)}) {
        EXPECT_EQ(alarmd::config::parse_duration(format_duration(d)), d);
    }
}

TEST(ConfigLoader, BadDurationMessage) {
    EXPECT_EQ(only_error(yaml(R"(
# windows
correlation:
  group_window: 2m
  dedupe_window: 10 minutes
)")),
              "alarmd.yaml:4: bad duration '10 minutes' for correlation.dedupe_window (use ms, s, "
              "m, h, e.g. 90s)");
    EXPECT_EQ(only_error("correlation: { dedupe_window: 60 }\n"),
              "alarmd.yaml:1: bad duration '60' for correlation.dedupe_window (use ms, s, m, h, "
              "e.g. 90s)");
}

TEST(ConfigListenAddress, GoodAndBad) {
    using alarmd::config::parse_listen_address;
    const auto v4 = parse_listen_address("0.0.0.0:5000");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->host, "0.0.0.0");
    EXPECT_EQ(v4->port, 5000);
    const auto v6 = parse_listen_address("[::1]:65535");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 65535);
    const auto any = parse_listen_address("127.0.0.1:0");
    ASSERT_TRUE(any);
    EXPECT_EQ(any->port, 0);
    EXPECT_TRUE(parse_listen_address("[fe80::1%eth0]:80"));
    // Never resolved: a host name fails --check-config as it would fail at start.
    for (const std::string_view bad :
         {"", "5000", ":5000", "localhost", "localhost:", "localhost:0", "alarm.example:5000",
          "256.1.1.1:80", "127.0.0.1:65536", "127.0.0.1:-1",
          "127.0.0.1:80x", "::1:80", "[::1]80", "[::1]:", "[]:80", "[host]:80", "a b:80",
          "127.0.0.1:123456"}) {
        EXPECT_FALSE(parse_listen_address(bad)) << "'" << bad << "'";
    }
}

// --- policies ----------------------------------------------------------------------------

TEST(ConfigLoader, DefaultPolicyIsCreatedWithTheSpecStages) {
    using enum alarmd::config::stage_target;
    using enum alarmd::config::stage_channel;
    using enum alarmd::config::stage_condition;
    const auto cfg = load_ok("");
    const auto& p = cfg.policies.at("default");
    EXPECT_EQ(p.name, "default");
    EXPECT_TRUE(p.inherit.empty());
    ASSERT_EQ(p.stages.size(), 4u);
    EXPECT_EQ(p.stages[0].name, "alert");
    EXPECT_EQ(p.stages[0].at, alarmd::config::duration(0s));
    EXPECT_EQ(p.stages[0].to, (std::vector{guard}));
    EXPECT_EQ(p.stages[0].via, (std::vector{ws}));
    EXPECT_TRUE(p.stages[0].unless.empty());
    EXPECT_EQ(p.stages[1].name, "report");
    EXPECT_EQ(p.stages[1].at, alarmd::config::duration(1min));
    EXPECT_EQ(p.stages[1].to, (std::vector{team_lead}));
    EXPECT_EQ(p.stages[1].via, (std::vector{ws, sms}));
    EXPECT_EQ(p.stages[1].unless, (std::vector{false_alarm, test}));
    EXPECT_EQ(p.stages[2].name, "manager");
    EXPECT_EQ(p.stages[2].at, alarmd::config::duration(5min));
    EXPECT_EQ(p.stages[2].to, (std::vector{manager}));
    EXPECT_EQ(p.stages[2].via, (std::vector{sms}));
    EXPECT_EQ(p.stages[2].unless, (std::vector{resolved}));
    EXPECT_EQ(p.stages[3].name, "residents");
    EXPECT_EQ(p.stages[3].at, alarmd::config::duration(10min));
    EXPECT_EQ(p.stages[3].to, (std::vector{residents}));
    EXPECT_EQ(p.stages[3].via, (std::vector{sms}));
    EXPECT_EQ(p.stages[3].unless, (std::vector{false_alarm, test, held}));
}

TEST(ConfigLoader, DefaultPolicyWithoutStagesGetsTheBuiltInOnes) {
    const auto cfg = load_ok("policies: { default: { plan: \"核实\", realert: 30s } }\n");
    const auto& p = cfg.policies.at("default");
    EXPECT_EQ(p.stages.size(), 4u);
    EXPECT_EQ(p.plan, "核实");
    EXPECT_EQ(p.realert, alarmd::config::duration(30s));
}

TEST(ConfigLoader, PolicyInheritsStagesPlanAndRealert) {
    const auto cfg = load_ok(yaml(R"(
policies:
  default:
    plan: "到场核实"
    realert: 1m
    auto_resolve_on_restore: false
    stages:
      - { name: alert, at: 0s, to: [guard], via: [ws], message: "{building} {label}" }
      - { name: report, at: 1m, to: [team_lead], via: [ws, sms], unless: [false_alarm, test] }
  fire:
    inherit: default
    plan: "拨打119"
  perimeter:
    inherit: fire
    realert: 2m
  door:
    auto_resolve_on_restore: true
    stages:
      - { name: alert, at: 0s, to: [guard], via: [ws] }
)"));
    ASSERT_EQ(cfg.policies.size(), 5u);  // with the built-in callback
    const auto& fire = cfg.policies.at("fire");
    EXPECT_EQ(fire.inherit, "default");
    ASSERT_EQ(fire.stages.size(), 2u);
    EXPECT_EQ(fire.stages[0].message, "{building} {label}");
    EXPECT_EQ(fire.plan, "拨打119");
    EXPECT_EQ(fire.realert, alarmd::config::duration(1min));
    EXPECT_EQ(fire.auto_resolve_on_restore, false);

    const auto& perimeter = cfg.policies.at("perimeter");
    EXPECT_EQ(perimeter.inherit, "fire");
    EXPECT_EQ(perimeter.stages.size(), 2u);
    EXPECT_EQ(perimeter.plan, "拨打119");  // from fire, which has its own
    EXPECT_EQ(perimeter.realert, alarmd::config::duration(2min));

    const auto& door = cfg.policies.at("door");  // no `inherit`: from default
    EXPECT_EQ(door.inherit, "default");
    ASSERT_EQ(door.stages.size(), 1u);  // its own stages are kept whole
    EXPECT_EQ(door.plan, "到场核实");
    EXPECT_EQ(door.auto_resolve_on_restore, true);
}

TEST(ConfigLoader, AutoResolveWithinIsInheritedAndBounded) {
    const auto cfg = load_ok(yaml(R"(
policies:
  default:
    auto_resolve_within: 2m
  door:
    auto_resolve_on_restore: true
  tamper:
    auto_resolve_on_restore: true
    auto_resolve_within: 30s
)"));
    EXPECT_EQ(cfg.policies.at("door").auto_resolve_within, alarmd::config::duration(2min));
    EXPECT_EQ(cfg.policies.at("tamper").auto_resolve_within, alarmd::config::duration(30s));
    EXPECT_FALSE(cfg.policies.at("default").auto_resolve_on_restore.value_or(false));

    const auto errors = errors_of(yaml(R"(
policies:
  door: { auto_resolve_on_restore: true, auto_resolve_within: 100ms }
)"));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("alarmd.yaml:2: policies.door.auto_resolve_within"),
              std::string::npos)
        << errors[0];
}

TEST(ConfigLoader, PolicyProblems) {
    const auto errors = errors_of(yaml(R"(
policies:
  firee: {}
  fire: { inherit: panic }
  panic: { inherit: door }
  door: { inherit: fire }
  test: { inherit: nope }
  default: { inherit: fire }
  power: { stages: [] }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:2: policies.firee: unknown category 'firee' (use default or "
                          "one of fire, perimeter, intrusion, panic, door, intercom_emergency, "
                          "hotline_call, callback, water_leak, power, equipment, tamper, comm_fault, "
                          "supervisory or test)",
                          "alarmd.yaml:4: policies.panic.inherit: inheritance cycle door -> fire "
                          "-> panic -> door",
                          "alarmd.yaml:6: policies.test.inherit: unknown policy 'nope'",
                          "alarmd.yaml:7: policies.default.inherit: the default policy cannot "
                          "inherit",
                          "alarmd.yaml:8: policies.power.stages: empty (list the stages, or leave "
                          "`stages` out to inherit them)",
                      }));
}

TEST(ConfigLoader, PolicyThatInheritsItself) {
    EXPECT_EQ(only_error("policies: { fire: { inherit: fire } }\n"),
              "alarmd.yaml:1: policies.fire.inherit: inheritance cycle fire -> fire");
}

TEST(ConfigLoader, StageProblems) {
    const auto errors = errors_of(yaml(R"(
policies:
  fire:
    stages:
      - { name: alert, to: [guards], via: [ws, ws] }
      - { name: report, at: 1m, via: [pager], unless: [raining] }
      - { name: manager, at: 8d, to: manager, via: sms }
)"));
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "alarmd.yaml:4: policies.fire.stages[0].at: missing (when it fires after "
                          "the incident opens, e.g. 1m)",
                          "alarmd.yaml:4: policies.fire.stages[0].to: unknown value 'guards' (use "
                          "guard, team_lead, manager or residents)",
                          "alarmd.yaml:4: policies.fire.stages[0].via: 'ws' is listed twice",
                          "alarmd.yaml:5: policies.fire.stages[1].to: missing (who gets it: guard, "
                          "team_lead, manager, residents)",
                          "alarmd.yaml:5: policies.fire.stages[1].via: unknown value 'pager' (use "
                          "ws or sms)",
                          "alarmd.yaml:5: policies.fire.stages[1].unless: unknown value 'raining' "
                          "(use false_alarm, test, resolved, acknowledged or held)",
                          "alarmd.yaml:6: bad duration '8d' for policies.fire.stages[2].at (use "
                          "ms, s, m, h, e.g. 90s)",
                      }));
}

// --- robustness --------------------------------------------------------------------------

TEST(ConfigLoader, GarbageNeverThrows) {
    const std::string inputs[] = {
        std::string("\0\1\2\3", 4),
        "{{{{",
        "]]]",
        ", \x01e.csv }\n",  // made yaml-cpp's LoadAll loop for ever (found by config_fuzz)
        "devices: &a [*a]\n",
        "policies: &p { fire: *p }\n",
        "server: !!binary aGVsbG8=\n",
        "? [a, b]\n: c\n",
        "server: { http_listen: \"\\u0000:1\" }\n",
        std::string(3000, '[') + std::string(3000, ']'),
        "people: [" + std::string(200, '{') + "]\n",
        "\xff\xfe\xfd",
    };
    for (const auto& text : inputs) {
        EXPECT_NO_THROW({
            const auto loaded = load_string(text, "alarmd.yaml", nowhere);
            if (!loaded) {
                EXPECT_FALSE(loaded.error().items.empty());
            }
        }) << ::testing::PrintToString(text);
    }
}

TEST(ConfigLoader, AliasExpansionIsBounded) {
    // 400 aliases of a device with 40 zones of 40 cameras: 640,000 nodes from 6 KB of text.
    std::string text =
        "site: { buildings: [{ id: B1 }] }\ndevices:\n  - &d\n    id: x\n"
        "    protocol: http\n    building: B1\n    zones:\n";
    for (int z = 0; z < 40; ++z) {
        text += "      z" + std::to_string(z) + ": { cameras: [";
        for (int c = 0; c < 40; ++c) {
            text += c == 0 ? "c" : ", c";
        }
        text += "] }\n";
    }
    for (int i = 0; i < 400; ++i) {
        text += "  - *d\n";
    }
    const auto loaded = load_string(text, "alarmd.yaml", nowhere);
    ASSERT_FALSE(loaded);
    bool stopped = false;
    for (const auto& d : loaded.error().items) {
        stopped = stopped || d.message.starts_with("too many nodes after expanding aliases");
    }
    EXPECT_TRUE(stopped);
}

TEST(ConfigLoader, DiagnosticStrWithAndWithoutLine) {
    EXPECT_EQ((alarmd::config::diagnostic{"a.yaml", 3, "bad"}.str()), "a.yaml:3: bad");
    EXPECT_EQ((alarmd::config::diagnostic{"a.yaml", 0, "bad"}.str()), "a.yaml: bad");
}

TEST(ConfigNames, ToString) {
    using alarmd::config::device_protocol;
    using alarmd::config::role;
    using alarmd::config::to_string;
    EXPECT_STREQ(to_string(role::guard), "guard");
    EXPECT_STREQ(to_string(role::team_lead), "team_lead");
    EXPECT_STREQ(to_string(role::manager), "manager");
    EXPECT_STREQ(to_string(role::admin), "admin");
    EXPECT_STREQ(to_string(device_protocol::sia), "sia");
    EXPECT_STREQ(to_string(device_protocol::gb26875), "gb26875");
    EXPECT_STREQ(to_string(device_protocol::http), "http");
    EXPECT_STREQ(to_string(device_protocol::ami), "ami");
}

// --- the shipped example -----------------------------------------------------------------

TEST(ConfigExample, LoadsWithZeroDiagnostics) {
    const auto loaded = load_file(ALARMD_SOURCE_DIR "/config/alarmd.example.yaml");
    std::string all;
    if (!loaded) {
        for (const auto& d : loaded.error().items) {
            all += d.str() + "\n";
        }
    }
    ASSERT_TRUE(loaded) << all;
    const config& cfg = *loaded;
    EXPECT_EQ(cfg.buildings.size(), 3u);
    EXPECT_EQ(cfg.find_building("B1")->name, "1号楼");
    EXPECT_EQ(cfg.find_building("B1")->floors, 18);
    EXPECT_EQ(cfg.devices.size(), 5u);
    for (const char* id : {"panel-b1", "perimeter-1", "uitd-b3", "door-b1-301", "door-b3-1201"}) {
        EXPECT_NE(cfg.find_device(id), nullptr) << id;
    }
    EXPECT_EQ(cfg.find_device("panel-b1")->account, "1234");
    EXPECT_EQ(cfg.find_device("panel-b1")->zones.at("003").label, "3F 电梯厅烟感");
    EXPECT_EQ(cfg.find_device("perimeter-1")->account, "5678");
    EXPECT_TRUE(cfg.find_device("perimeter-1")->key_hex.empty());
    EXPECT_EQ(cfg.find_device("uitd-b3")->address, "0000000000AB");
    EXPECT_EQ(cfg.find_device("door-b1-301")->unit, "301");
    EXPECT_EQ(cfg.people.size(), 8u);
    EXPECT_EQ(cfg.people[0].id, "g01");
    EXPECT_EQ(cfg.people[0].token_sha256, token_g01);
    ASSERT_EQ(cfg.ingest.http_sources.size(), 1u);
    EXPECT_EQ(cfg.ingest.http_sources[0].name, "intercom-gw");
    // printf %s demo-intercom-gw | sha256sum
    EXPECT_EQ(cfg.ingest.http_sources[0].token_sha256,
              "53c643510b0372ab4bebf58e95b4112c51986ee8984822475fc327d7d5349103");
    EXPECT_EQ(cfg.residents.entries.size(), 10u);
    EXPECT_EQ(cfg.server.http_listen.port, 8080);
    EXPECT_EQ(cfg.redis.url, "redis://127.0.0.1:6380/0");
    // default, fire, perimeter, door, hotline_call and callback (written: the built-in one's
    // texts).
    ASSERT_EQ(cfg.policies.size(), 6u);
    EXPECT_EQ(cfg.policies.at("callback").stages.size(), 3u);
    EXPECT_EQ(cfg.policies.at("default").stages.size(), 4u);
    EXPECT_EQ(cfg.policies.at("fire").stages.size(), 4u);
    EXPECT_FALSE(cfg.policies.at("fire").plan.empty());
    EXPECT_EQ(cfg.policies.at("perimeter").realert, alarmd::config::duration(2min));
    EXPECT_EQ(cfg.policies.at("door").auto_resolve_on_restore, true);
    EXPECT_EQ(cfg.policies.at("door").auto_resolve_within, alarmd::config::duration(5min));
    EXPECT_EQ(cfg.find_device("door-b1-301")->supervision, alarmd::config::duration(5min));
    ASSERT_EQ(cfg.sms.gateways.size(), 1u);
    EXPECT_EQ(cfg.sms.gateways[0].type, alarmd::config::gateway_type::log);
}

// --- authority over zone state -----------------------------------------------------------------

TEST(ConfigLoader, HttpSourcesNameTheirDevicesAndKinds) {
    const auto cfg = load_ok(yaml(R"(
ingest:
  http_sources:
    - { name: door-gw, token_sha256: $T1, devices: [door-1], kinds: [alarm, restore] }
    - { name: gw, token_sha256: $T2 }
site: { buildings: [ { id: B1 } ] }
devices:
  - { id: door-1, protocol: http, building: B1 }
correlation: { bypass_max: 2h, zone_roles: [manager] }
)"));
    ASSERT_EQ(cfg.ingest.http_sources.size(), 2u);
    EXPECT_EQ(cfg.ingest.http_sources[0].devices, std::vector<std::string>{"door-1"});
    EXPECT_EQ(cfg.ingest.http_sources[0].kinds, (std::vector<std::string>{"alarm", "restore"}));
    EXPECT_TRUE(cfg.ingest.http_sources[1].devices.empty());
    EXPECT_EQ(cfg.correlation.bypass_max, 2h);
    EXPECT_EQ(cfg.correlation.zone_roles, std::vector<alarmd::config::role>{alarmd::config::role::manager});
    // The defaults: 8 h, and every role above guard.
    const auto plain = load_ok(yaml(site_b1));
    EXPECT_EQ(plain.correlation.bypass_max, 8h);
    EXPECT_EQ(plain.correlation.zone_roles.size(), 3u);
}

TEST(ConfigLoader, AnHttpSourcesUnknownDeviceOrKindIsNamed) {
    const auto errors = errors_of(yaml(R"(
ingest:
  http_sources:
    - { name: door-gw, token_sha256: $T1, devices: [door-9], kinds: [alarm, silence] }
site: { buildings: [ { id: B1 } ] }
devices:
  - { id: door-1, protocol: http, building: B1 }
correlation: { zone_roles: [janitor] }
)"));
    ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
    EXPECT_NE(errors[0].find("unknown kind 'silence'"), std::string::npos) << errors[0];
    EXPECT_NE(errors[1].find("ingest.http_sources[0].devices: unknown device 'door-9'"),
              std::string::npos)
        << errors[1];
    EXPECT_NE(errors[2].find("janitor"), std::string::npos) << errors[2];
}
