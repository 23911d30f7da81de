#include "tests/support/test_cert.hpp"

#include <fstream>
#include <memory>
#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace alarmd::test {

namespace {

template <class T, void (*Free)(T*)>
struct freer {
    void operator()(T* p) const { Free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, freer<EVP_PKEY, EVP_PKEY_free>>;
using x509_ptr = std::unique_ptr<X509, freer<X509, X509_free>>;
using bio_ptr = std::unique_ptr<BIO, freer<BIO, BIO_free_all>>;

void check(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("making a test certificate: ") + what);
    }
}

std::string bio_text(BIO* b) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    check(out.good(), "writing a PEM file");
}

}  // namespace

test_cert make_test_cert(const std::filesystem::path& dir, const std::string& name,
                         const std::string& common_name, long serial) {
    pkey_ptr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EC key");
    x509_ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    check(X509_set_pubkey(cert.get(), key.get()) == 1, "X509_set_pubkey");
    X509_NAME* subject = X509_get_subject_name(cert.get());
    check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0) == 1,
          "subject");
    check(X509_set_issuer_name(cert.get(), subject) == 1, "issuer");
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "X509_sign");

    bio_ptr cert_pem(BIO_new(BIO_s_mem()));
    bio_ptr key_pem(BIO_new(BIO_s_mem()));
    check(PEM_write_bio_X509(cert_pem.get(), cert.get()) == 1, "PEM certificate");
    check(PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                   nullptr) == 1,
          "PEM key");
    test_cert out{dir / (name + ".crt"), dir / (name + ".key"), subject_of(cert.get()),
                  serial_of(cert.get())};
    write_file(out.cert, bio_text(cert_pem.get()));
    write_file(out.key, bio_text(key_pem.get()));
    return out;
}

std::string subject_of(X509* cert) {
    bio_ptr b(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(b.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    return bio_text(b.get());
}

std::string serial_of(X509* cert) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr);
    char* hex = BN_bn2hex(bn);
    std::string out(hex);
    OPENSSL_free(hex);
    BN_free(bn);
    return out;
}

}  // namespace alarmd::test
