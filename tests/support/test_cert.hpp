#pragma once
// Self-signed certificates made by the test at run time (OpenSSL's C API: no openssl command
// needed), and how a client names the certificate a server presented.
#include <filesystem>
#include <string>

typedef struct x509_st X509;

namespace alarmd::test {

struct test_cert {
    std::filesystem::path cert;  // PEM certificate
    std::filesystem::path key;   // PEM private key (unencrypted)
    std::string subject;         // as subject_of() writes it: "CN=..."
    std::string serial;          // as serial_of() writes it: upper-case hex
};

// A certificate for `common_name` with serial number `serial`, an EC P-256 key, valid from an
// hour ago for a day; written to DIR/NAME.crt and DIR/NAME.key.
[[nodiscard]] test_cert make_test_cert(const std::filesystem::path& dir, const std::string& name,
                                       const std::string& common_name, long serial);

[[nodiscard]] std::string subject_of(X509* cert);
[[nodiscard]] std::string serial_of(X509* cert);

}  // namespace alarmd::test
