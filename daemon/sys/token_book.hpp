#pragma once
// Bearer tokens of people and HTTP sources. Only SHA-256 digests are kept; a presented token is
// hashed and compared in constant time against every entry, so timing reveals nothing.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/config.hpp"

namespace alarmd::sys {

class token_book {
public:
    explicit token_book(const config::config& cfg);

    // nullptr when the token belongs to no person.
    [[nodiscard]] const config::person* person(std::string_view token) const;

    // The person and the http source a token belongs to (either may be nullptr), for a request
    // either may make: the token is hashed once.
    struct holder {
        const config::person* person = nullptr;
        const config::http_source* source = nullptr;
    };
    [[nodiscard]] holder holder_of(std::string_view token) const;

private:
    using digest = std::array<unsigned char, 32>;
    template <class T>
    struct entry {
        digest hash;
        const T* who;
    };
    template <class T>
    static const T* lookup(const std::vector<entry<T>>& entries, const digest& presented);

    std::vector<entry<config::person>> people_;
    std::vector<entry<config::http_source>> sources_;
};

// The bearer token of an `Authorization: Bearer X` header value, or empty.
[[nodiscard]] std::string_view bearer_token(std::string_view authorization);

// Lower-case hex SHA-256 (for tests and for making tokens).
[[nodiscard]] std::string sha256_hex(std::string_view data);

}  // namespace alarmd::sys
