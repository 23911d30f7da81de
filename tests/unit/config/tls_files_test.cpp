// server.tls: the certificate and key are read when the config is loaded, and every way they
// can fail to make a TLS server is a config error naming the file.
#include "daemon/config/tls_files.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "daemon/config/loader.hpp"
#include "tests/support/test_cert.hpp"

namespace {

using alarmd::config::load_file;
using alarmd::test::make_test_cert;

class TlsFiles : public ::testing::Test {
protected:
    TlsFiles() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "alarmd-tls-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        dir = pattern;
    }
    ~TlsFiles() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }

    void write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary | std::ios::trunc) << text;
    }

    // Loads `server: { tls: { cert: CERT, key: KEY } }` from the folder: the problems, if any.
    std::vector<std::string> problems(const std::string& cert, const std::string& key) const {
        write("alarmd.yaml", "server:\n  tls: { cert: \"" + cert + "\", key: \"" + key + "\" }\n");
        auto loaded = load_file((dir / "alarmd.yaml").string());
        std::vector<std::string> out;
        if (!loaded) {
            for (const auto& d : loaded.error().items) {
                out.push_back(d.str());
            }
        }
        return out;
    }

    [[nodiscard]] std::string at(const std::string& name) const { return (dir / name).string(); }
    [[nodiscard]] std::string config_file() const { return at("alarmd.yaml"); }

    std::filesystem::path dir;
};

TEST_F(TlsFiles, AGoodPairIsReadIntoTheConfigRelativeToItsFolder) {
    auto a = make_test_cert(dir, "a", "alarmd-a", 1);
    write("alarmd.yaml", "server:\n  tls: { cert: a.crt, key: a.key }\n");
    auto loaded = load_file(config_file());
    ASSERT_TRUE(loaded) << loaded.error().items.front().str();
    ASSERT_TRUE(loaded->server.tls);
    EXPECT_EQ(loaded->server.tls->cert, at("a.crt"));
    EXPECT_EQ(loaded->server.tls->key, at("a.key"));
    EXPECT_NE(loaded->server.tls->cert_pem.find("BEGIN CERTIFICATE"), std::string::npos);
    EXPECT_NE(loaded->server.tls->key_pem.find("PRIVATE KEY"), std::string::npos);
}

TEST_F(TlsFiles, MissingFilesAreNamed) {
    EXPECT_EQ(problems("nope.crt", "nope.key"),
              (std::vector<std::string>{
                  config_file() + ":2: server.tls.cert: cannot read '" + at("nope.crt") +
                      "' (no such file)",
                  config_file() + ":2: server.tls.key: cannot read '" + at("nope.key") +
                      "' (no such file)",
              }));
    EXPECT_EQ(problems(dir.string(), "nope.key").front(),
              config_file() + ":2: server.tls.cert: cannot read '" + dir.string() +
                  "' (not a regular file)");
}

TEST_F(TlsFiles, ACertificateFileWithoutACertificate) {
    (void)make_test_cert(dir, "a", "alarmd-a", 1);
    write("junk.crt", "hello\n");
    EXPECT_EQ(problems("junk.crt", "a.key"),
              (std::vector<std::string>{config_file() + ":2: server.tls.cert: '" + at("junk.crt") +
                                        "' holds no PEM certificate"}));
    // The key file given as the certificate.
    EXPECT_EQ(problems("a.key", "a.key"),
              (std::vector<std::string>{config_file() + ":2: server.tls.cert: '" + at("a.key") +
                                        "' holds no PEM certificate"}));
}

TEST_F(TlsFiles, ABrokenKeyFile) {
    (void)make_test_cert(dir, "a", "alarmd-a", 1);
    write("broken.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    EXPECT_EQ(problems("a.crt", "broken.key"),
              (std::vector<std::string>{
                  config_file() + ":2: server.tls.key: '" + at("broken.key") +
                  "' holds no PEM private key (an encrypted key is not supported: write it out "
                  "unencrypted with `openssl pkey`)"}));
}

TEST_F(TlsFiles, AKeyOfAnotherCertificate) {
    (void)make_test_cert(dir, "a", "alarmd-a", 1);
    (void)make_test_cert(dir, "b", "alarmd-b", 2);
    EXPECT_EQ(problems("a.crt", "b.key"),
              (std::vector<std::string>{config_file() + ":2: server.tls.key: the key in '" +
                                        at("b.key") + "' does not belong to the certificate in '" +
                                        at("a.crt") + "'"}));
}

TEST_F(TlsFiles, AChainFileKeepsItsIntermediates) {
    auto a = make_test_cert(dir, "a", "alarmd-a", 1);
    auto b = make_test_cert(dir, "b", "alarmd-b", 2);
    std::ifstream first(a.cert);
    std::ifstream second(b.cert);
    std::string chain{std::istreambuf_iterator<char>(first), {}};
    chain.append(std::istreambuf_iterator<char>(second), {});
    write("chain.crt", chain);
    EXPECT_TRUE(problems("chain.crt", "a.key").empty());
    write("damaged.crt", chain.substr(0, chain.size() - 40));
    const auto damaged = problems("damaged.crt", "a.key");
    ASSERT_EQ(damaged.size(), 1u);
    EXPECT_NE(damaged[0].find("server.tls.cert: '" + at("damaged.crt") +
                              "' holds a damaged certificate after the first"),
              std::string::npos)
        << damaged[0];
}

}  // namespace
