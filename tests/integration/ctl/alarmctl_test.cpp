// The built alarmctl binary against a real daemon (in-process, real loopback HTTP) and a real
// redis-server: what the operator types, what comes out, and the exit code.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include "tests/support/clients.hpp"
#include "tests/support/daemon_harness.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/test_cert.hpp"

extern char** environ;

namespace alarmd::test {
namespace {

namespace json = boost::json;

struct ctl_result {
    int code = -1;
    std::string out;
    std::string err;
};

std::string slurp(std::FILE* f) {
    std::string s;
    std::rewind(f);
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        s.append(buf, n);
    }
    return s;
}

// Runs alarmctl with args and its output in temporary files (no pipes to drain, so no
// deadlock on a large answer). The runner's own ALARMD_* variables are left out so that only
// what the test passes counts.
ctl_result alarmctl(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        if (std::strncmp(*e, "ALARMD_", 7) != 0) {
            env_strings.emplace_back(*e);
        }
    }
    for (const auto& [k, v] : env) {
        env_strings.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& s : env_strings) {
        envp.push_back(s.data());
    }
    envp.push_back(nullptr);

    std::string binary = ALARMCTL_BINARY;
    std::vector<std::string> argv_strings{binary};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : argv_strings) {
        argv.push_back(s.data());
    }
    argv.push_back(nullptr);

    std::FILE* out = std::tmpfile();
    std::FILE* err = std::tmpfile();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fileno(out), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&fa, fileno(err), STDERR_FILENO);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, binary.c_str(), &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    ctl_result r;
    if (rc == 0) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    } else {
        r.err = std::string("posix_spawn: ") + std::strerror(rc);
    }
    r.out = slurp(out);
    r.err += slurp(err);
    std::fclose(out);
    std::fclose(err);
    return r;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The value of a "key: value" line of alarmctl's output.
std::string field(const std::string& text, const std::string& key) {
    const auto at = text.find(key + ":");
    if (at == std::string::npos) {
        return {};
    }
    auto value = text.substr(at + key.size() + 1, text.find('\n', at) - at - key.size() - 1);
    value.erase(0, value.find_first_not_of(' '));
    return value;
}

class Alarmctl : public ::testing::Test {
protected:
    redis_server redis;
    daemon_harness daemon{test_config_yaml(redis.url())};

    std::string url() const { return "http://127.0.0.1:" + std::to_string(daemon.port()); }

    // alarmctl as guard g01.
    ctl_result run(std::vector<std::string> args) {
        args.insert(args.end(), {"--url", url(), "--token", "tok-g01"});
        return alarmctl(args);
    }

    // A fire alarm from panel-b3 zone 003; returns the incident id alarmctl printed.
    std::string inject_fire() {
        auto r = run({"inject", "--device", "panel-b3", "--zone", "003", "--category", "fire",
                      "--code", "E110", "--text", "smoke"});
        EXPECT_EQ(r.code, 0) << r.err;
        EXPECT_EQ(field(r.out, "verdict"), "opened") << r.out;
        return field(r.out, "incident");
    }

    std::string state_of(const std::string& id) {
        auto reply = http_call(daemon.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
        return std::string(reply.json().at("incident").at("state").as_string());
    }
};

TEST_F(Alarmctl, StatusSaysReadyUsingTheEnvironment) {
    auto r = alarmctl({"status"}, {{"ALARMD_URL", url()}, {"ALARMD_TOKEN", "tok-g01"}});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "alarmd at " + url() + ": up, redis up, 0 open incidents\n");
}

TEST_F(Alarmctl, InjectThenIncidentsListsIt) {
    const auto id = inject_fire();
    ASSERT_TRUE(id.starts_with("inc-")) << id;
    auto r = run({"incidents"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("ID ")) << r.out;
    const auto row = r.out.substr(r.out.find('\n' + id) + 1);
    EXPECT_TRUE(row.starts_with(id + "  open ")) << r.out;
    EXPECT_TRUE(has(row, "  fire ")) << r.out;
    EXPECT_TRUE(has(row, "  3号楼 ")) << r.out;  // the name from site.buildings, not B3
}

TEST_F(Alarmctl, ShowPrintsTheIncidentAndItsZones) {
    const auto id = inject_fire();
    auto r = run({"show", id});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(field(r.out, "id"), id);
    EXPECT_EQ(field(r.out, "state"), "open");
    EXPECT_EQ(field(r.out, "building"), "3号楼 (B3)");
    EXPECT_TRUE(has(r.out, "panel-b3/003")) << r.out;
    EXPECT_TRUE(has(r.out, "3F 电梯厅烟感")) << r.out;
}

TEST_F(Alarmctl, ZonesListsWhatIsOutOfServiceAndAGuardCannotBypass) {
    auto none = run({"zones"});
    EXPECT_EQ(none.code, 0) << none.err;
    EXPECT_EQ(none.out, "every zone armed\n");
    auto refused = run({"inject", "--device", "panel-b3", "--zone", "004", "--category", "fire",
                        "--kind", "bypass"});
    EXPECT_EQ(refused.code, 1);
    EXPECT_TRUE(has(refused.err, "role 'guard' may not bypass zones")) << refused.err;
    auto lead = alarmctl({"inject", "--device", "panel-b3", "--zone", "004", "--category", "fire",
                          "--kind", "bypass", "--text", "call point replaced", "--url", url(),
                          "--token", "tok-lead1"});
    EXPECT_EQ(lead.code, 0) << lead.err;
    auto r = run({"zones"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.out.starts_with("ZONE ")) << r.out;
    const auto row = r.out.substr(r.out.find("\npanel-b3/004") + 1);
    EXPECT_TRUE(row.starts_with("panel-b3/004  bypassed  lead1 ")) << r.out;
    EXPECT_TRUE(has(row, "call point replaced")) << r.out;
}

TEST_F(Alarmctl, AckThenShowSaysAcknowledged) {
    const auto id = inject_fire();
    auto ack = run({"ack", id});
    EXPECT_EQ(ack.code, 0) << ack.err;
    EXPECT_EQ(ack.out, id + ": acknowledged by g01\n");
    auto show = run({"show", id});
    EXPECT_EQ(field(show.out, "state"), "acknowledged");
    EXPECT_TRUE(field(show.out, "acknowledged").starts_with("g01 at ")) << show.out;
}

TEST_F(Alarmctl, ResolveWithoutOutcomeIsAUsageErrorAndSendsNothing) {
    const auto id = inject_fire();
    auto r = run({"resolve", id, "--note", "checked"});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(has(r.err, "--outcome")) << r.err;
    EXPECT_TRUE(has(r.err, "usage: alarmctl resolve")) << r.err;
    EXPECT_EQ(state_of(id), "open");
}

TEST_F(Alarmctl, ResolveWithOutcome) {
    const auto id = inject_fire();
    auto r = run({"resolve", id, "--outcome", "false_alarm", "--note", "dust in the detector"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, id + ": resolved as false_alarm by g01\n");
    EXPECT_EQ(state_of(id), "resolved");
}

TEST_F(Alarmctl, ReportAsJsonAndAsText) {
    const auto id = inject_fire();
    ASSERT_EQ(run({"resolve", id, "--outcome", "real", "--note", "extinguished"}).code, 0);
    auto json_report = run({"report", id});
    EXPECT_EQ(json_report.code, 0) << json_report.err;
    auto doc = json::parse(json_report.out);
    EXPECT_EQ(doc.at("incident").at("id").as_string(), id);
    EXPECT_EQ(doc.at("incident").at("outcome").as_string(), "real");
    EXPECT_FALSE(doc.at("timeline").as_array().empty());
    auto text = run({"report", id, "--text"});
    EXPECT_EQ(text.code, 0) << text.err;
    EXPECT_TRUE(has(text.out, "特别事件报告")) << text.out;
    EXPECT_TRUE(has(text.out, "extinguished")) << text.out;
    EXPECT_EQ(run({"report", "inc-none"}).code, 1);
}

TEST_F(Alarmctl, InjectRejectedByTheServerPrintsItsError) {
    auto r = run({"inject", "--device", "no-such-panel", "--category", "fire"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err, "alarmctl: device: unknown device 'no-such-panel' (HTTP 400)\n");
}

TEST_F(Alarmctl, WrongTokenExits4WithoutPrintingIt) {
    auto r = alarmctl({"incidents", "--url", url(), "--token", "not-a-token"});
    EXPECT_EQ(r.code, 4);
    EXPECT_EQ(r.err, "alarmctl: the token was refused (HTTP 401); set --token or ALARMD_TOKEN\n");
    EXPECT_FALSE(has(r.out + r.err, "not-a-token"));
}

TEST(AlarmctlCli, UnreachableDaemonExits3) {
    const auto url = "http://127.0.0.1:" + std::to_string(free_tcp_port());
    auto r = alarmctl({"status", "--url", url});
    EXPECT_EQ(r.code, 3);
    EXPECT_TRUE(r.err.starts_with("alarmctl: cannot reach alarmd at " + url + ": ")) << r.err;
}

TEST(AlarmctlCli, HelpListsCommandsAndEachCommandHasOne) {
    auto top = alarmctl({"--help"});
    EXPECT_EQ(top.code, 0);
    for (const char* cmd :
         {"status", "incidents", "show", "ack", "resolve", "inject", "report", "zones"}) {
        EXPECT_TRUE(has(top.out, std::string("\n  ") + cmd + " ")) << cmd;
    }
    auto one = alarmctl({"resolve", "--help"});
    EXPECT_EQ(one.code, 0);
    EXPECT_TRUE(one.out.starts_with("usage: alarmctl resolve ID --outcome")) << one.out;
}

TEST(AlarmctlCli, VersionPrintsTheReleaseAndSendsNothing) {
    // No daemon at this address: --version answers without asking one.
    const auto url = "http://127.0.0.1:" + std::to_string(free_tcp_port());
    auto r = alarmctl({"--version", "--url", url});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "alarmctl " ALARMD_VERSION "\n");
}

// Times are shown in alarmctl's local time zone (TZ), not the daemon's UTC.
TEST_F(Alarmctl, TimesAreShownInLocalTime) {
    const auto id = inject_fire();
    const auto api = http_call(daemon.port(), "GET", "/v1/incidents/" + id, {}, "tok-g01");
    const std::string utc(api.json().at("incident").at("opened_at").as_string());
    // POSIX TZ rules need no time zone database: UTC+8, named CST.
    auto r = alarmctl({"show", id, "--url", url(), "--token", "tok-g01"}, {{"TZ", "CST-8"}});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto opened = field(r.out, "opened");
    ASSERT_EQ(opened.size(), 23u) << opened;  // 2026-12-01 22:58:20 CST
    EXPECT_TRUE(opened.ends_with(" CST")) << opened;
    EXPECT_EQ(std::stoi(opened.substr(11, 2)), (std::stoi(utc.substr(11, 2)) + 8) % 24)
        << opened << " vs " << utc;
    EXPECT_EQ(opened.substr(14, 5), utc.substr(14, 5)) << "minutes and seconds unchanged";
}

// The token from a file only its user reads (ALARMD_TOKEN_FILE), when ALARMD_TOKEN is not set.
TEST_F(Alarmctl, TheTokenMayComeFromAFile) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("alarmctl-token-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        std::FILE* f = std::fopen((dir / "token").c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("tok-g01\n", f);
        std::fclose(f);
        f = std::fopen((dir / "empty").c_str(), "w");
        std::fclose(f);
    }
    auto r = alarmctl({"incidents", "--url", url()},
                      {{"ALARMD_TOKEN_FILE", (dir / "token").string()}});
    EXPECT_EQ(r.code, 0) << r.err;
    auto empty = alarmctl({"incidents", "--url", url()},
                          {{"ALARMD_TOKEN_FILE", (dir / "empty").string()}});
    EXPECT_EQ(empty.code, 2);
    EXPECT_TRUE(has(empty.err, "ALARMD_TOKEN_FILE")) << empty.err;
    auto missing = alarmctl({"incidents", "--url", url()},
                            {{"ALARMD_TOKEN_FILE", (dir / "nope").string()}});
    EXPECT_EQ(missing.code, 2);
    EXPECT_TRUE(has(missing.err, "cannot read ALARMD_TOKEN_FILE")) << missing.err;
    std::filesystem::remove_all(dir);
}

// alarmd behind server.tls: alarmctl speaks https://, checks the certificate against the CA it
// is given (here the self-signed certificate itself) and the host name, and refuses otherwise.
TEST(AlarmctlTls, HttpsWithTheServersCaAndRefusedWithout) {
    redis_server redis;
    daemon_process daemon{with_server_keys(test_config_yaml(redis.url()),
                                           "tls: { cert: local.crt, key: local.key }"),
                          daemon_process_options{true, {}}};
    const auto cert = make_test_cert(daemon.dir(), "local", "localhost", 7);
    const auto other = make_test_cert(daemon.dir(), "other", "localhost", 8);
    daemon.start();
    const auto url = "https://localhost:" + std::to_string(daemon.port());

    auto ok = alarmctl({"status", "--url", url, "--token", "tok-g01", "--cacert", cert.cert.string()});
    EXPECT_EQ(ok.code, 0) << ok.err;
    EXPECT_TRUE(has(ok.out, "up")) << ok.out;
    auto from_env = alarmctl({"incidents", "--url", url, "--token", "tok-g01"},
                             {{"ALARMD_CACERT", cert.cert.string()}});
    EXPECT_EQ(from_env.code, 0) << from_env.err;

    // A CA that did not sign it, and a name the certificate does not carry: no request is sent.
    auto wrong_ca = alarmctl({"status", "--url", url, "--cacert", other.cert.string()});
    EXPECT_EQ(wrong_ca.code, 3);
    EXPECT_TRUE(has(wrong_ca.err, "certificate verify failed")) << wrong_ca.err;
    auto wrong_name =
        alarmctl({"status", "--url", "https://127.0.0.1:" + std::to_string(daemon.port()),
                  "--cacert", cert.cert.string()});
    EXPECT_EQ(wrong_name.code, 3);
    EXPECT_TRUE(has(wrong_name.err, "certificate verify failed")) << wrong_name.err;
}

}  // namespace
}  // namespace alarmd::test
