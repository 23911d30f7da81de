#include "daemon/sys/token_book.hpp"

#include "daemon/sys/hex.hpp"

#include <cctype>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace alarmd::sys {
namespace {

bool from_hex(std::string_view hex, std::array<unsigned char, 32>& out) {
    if (hex.size() != 64) {
        return false;
    }
    for (std::size_t i = 0; i < 32; ++i) {
        const int hi = hex_value(hex[2 * i]);
        const int lo = hex_value(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        out[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return true;
}

// Fetched once: OpenSSL 3's one-shot SHA256() looks the algorithm up by name on every call,
// under a lock, which cost about as much as hashing a token (every HTTP request hashes one).
const EVP_MD* sha256_md() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

std::array<unsigned char, 32> sha256(std::string_view data) {
    std::array<unsigned char, 32> out{};
    unsigned int size = 0;
    const EVP_MD* md = sha256_md();
    if (md == nullptr ||
        EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1 ||
        size != out.size()) {
        // An OpenSSL without SHA-256 is a broken installation: said, not taken for "no match".
        throw std::runtime_error("SHA-256 is not available from OpenSSL");
    }
    return out;
}

}  // namespace

token_book::token_book(const config::config& cfg) {
    for (const auto& p : cfg.people) {
        digest d{};
        if (from_hex(p.token_sha256, d)) {
            people_.push_back({d, &p});
        }
    }
    for (const auto& s : cfg.ingest.http_sources) {
        digest d{};
        if (from_hex(s.token_sha256, d)) {
            sources_.push_back({d, &s});
        }
    }
}

template <class T>
const T* token_book::lookup(const std::vector<entry<T>>& entries, const digest& presented) {
    const T* found = nullptr;
    for (const auto& e : entries) {  // no early exit: every entry is compared
        if (CRYPTO_memcmp(e.hash.data(), presented.data(), presented.size()) == 0) {
            found = e.who;
        }
    }
    return found;
}

const config::person* token_book::person(std::string_view token) const {
    return token.empty() ? nullptr : lookup(people_, sha256(token));
}

token_book::holder token_book::holder_of(std::string_view token) const {
    if (token.empty()) {
        return {};
    }
    const auto presented = sha256(token);
    return {lookup(people_, presented), lookup(sources_, presented)};
}

std::string_view bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() <= scheme.size()) {
        return {};
    }
    for (std::size_t i = 0; i < scheme.size(); ++i) {  // the scheme is case-insensitive
        if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
            std::tolower(static_cast<unsigned char>(scheme[i]))) {
            return {};
        }
    }
    auto token = authorization.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') {
        token.remove_prefix(1);
    }
    while (!token.empty() && token.back() == ' ') {
        token.remove_suffix(1);
    }
    return token;
}

std::string sha256_hex(std::string_view data) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : sha256(data)) {
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xf]);
    }
    return out;
}

}  // namespace alarmd::sys
