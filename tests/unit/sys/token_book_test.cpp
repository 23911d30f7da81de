// Tokens: the config keeps SHA-256 digests; a presented token finds its person or its HTTP
// source, and nothing else does; the Bearer scheme is read case-insensitively.
#include "daemon/sys/token_book.hpp"

#include <gtest/gtest.h>

namespace alarmd::sys {
namespace {

TEST(TokenBook, Sha256IsTheStandardDigestInLowerCaseHex) {
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

void add_person(config::config& cfg, const std::string& id, const std::string& token) {
    config::person p;
    p.id = id;
    p.token_sha256 = sha256_hex(token);
    cfg.people.push_back(p);
}

void add_source(config::config& cfg, const std::string& name, const std::string& token) {
    config::http_source s;
    s.name = name;
    s.token_sha256 = sha256_hex(token);
    cfg.ingest.http_sources.push_back(s);
}

TEST(TokenBook, ATokenFindsItsPersonOrSourceOnly) {
    config::config cfg;
    add_person(cfg, "g01", "tok-g01");
    add_source(cfg, "gw", "tok-gw");
    const token_book book(cfg);
    ASSERT_NE(book.person("tok-g01"), nullptr);
    EXPECT_EQ(book.person("tok-g01")->id, "g01");
    EXPECT_EQ(book.holder_of("tok-g01").source, nullptr) << "a person is not a source";
    ASSERT_NE(book.holder_of("tok-gw").source, nullptr);
    EXPECT_EQ(book.person("tok-gw"), nullptr);
    EXPECT_EQ(book.person(""), nullptr);
    EXPECT_EQ(book.person("tok-g0"), nullptr);
    EXPECT_EQ(book.person(sha256_hex("tok-g01")), nullptr) << "the digest itself is not a token";
}

TEST(TokenBook, HolderOfFindsPersonAndSourceWithOneDigest) {
    config::config cfg;
    add_person(cfg, "g01", "tok-shared");
    add_source(cfg, "gw", "tok-gw");
    add_source(cfg, "shared", "tok-shared");
    const token_book book(cfg);

    const auto gw = book.holder_of("tok-gw");
    EXPECT_EQ(gw.person, nullptr);
    ASSERT_NE(gw.source, nullptr);
    EXPECT_EQ(gw.source->name, "gw");

    const auto both = book.holder_of("tok-shared");
    ASSERT_NE(both.person, nullptr);
    EXPECT_EQ(both.person->id, "g01");
    ASSERT_NE(both.source, nullptr);
    EXPECT_EQ(both.source->name, "shared");

    const auto nobody = book.holder_of("tok-nobody");
    EXPECT_EQ(nobody.person, nullptr);
    EXPECT_EQ(nobody.source, nullptr);
    const auto empty = book.holder_of("");
    EXPECT_EQ(empty.person, nullptr);
    EXPECT_EQ(empty.source, nullptr);
}

TEST(TokenBook, BearerHeader) {
    EXPECT_EQ(bearer_token("Bearer abc"), "abc");
    EXPECT_EQ(bearer_token("bearer   abc  "), "abc");
    EXPECT_EQ(bearer_token("Basic abc"), "");
    EXPECT_EQ(bearer_token("Bearer "), "");
    EXPECT_EQ(bearer_token(""), "");
}

}  // namespace
}  // namespace alarmd::sys
