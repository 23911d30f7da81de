// Accounts to devices: keys as raw bytes, case-insensitive accounts, allowed_sources with
// addresses and networks (IPv4-mapped IPv6 peers count as IPv4).
#include "daemon/ingest/sia/accounts.hpp"

#include <gtest/gtest.h>

namespace alarmd::ingest {
namespace {

config::config cfg() {
    config::config c;
    config::device a;
    a.id = "panel-a";
    a.protocol = config::device_protocol::sia;
    a.account = "12ab";
    a.key_hex = "000102030405060708090a0b0c0d0e0f";
    c.devices.push_back(a);
    config::device b;
    b.id = "panel-b";
    b.protocol = config::device_protocol::sia;
    b.account = "5678";
    b.allowed_sources = {"10.1.0.0/16", "192.168.1.7", "::1", "not-an-address"};
    c.devices.push_back(b);
    config::device h;
    h.id = "door";
    h.protocol = config::device_protocol::http;
    c.devices.push_back(h);
    return c;
}

TEST(SiaAccounts, FindsDevicesByAccountWithoutCase) {
    const sia_accounts book(cfg());
    EXPECT_EQ(book.size(), 2u);
    ASSERT_NE(book.find("12AB"), nullptr);
    EXPECT_EQ(book.find("12ab")->device_id, "panel-a");
    EXPECT_EQ(book.find("12AB")->key.size(), 16u);
    EXPECT_EQ(book.find("12AB")->key[15], 0x0f);
    EXPECT_TRUE(book.find("5678")->key.empty());
    EXPECT_EQ(book.find("9999"), nullptr);
}

TEST(SiaAccounts, AllowedSources) {
    const sia_accounts book(cfg());
    const auto& a = *book.find("12AB");
    const auto& b = *book.find("5678");
    EXPECT_TRUE(sia_accounts::allows(a, "203.0.113.9"));  // none configured: any peer
    EXPECT_TRUE(sia_accounts::allows(b, "10.1.200.3"));
    EXPECT_TRUE(sia_accounts::allows(b, "::ffff:10.1.2.3"));
    EXPECT_TRUE(sia_accounts::allows(b, "192.168.1.7"));
    EXPECT_TRUE(sia_accounts::allows(b, "::1"));
    EXPECT_FALSE(sia_accounts::allows(b, "10.2.0.1"));
    EXPECT_FALSE(sia_accounts::allows(b, "192.168.1.8"));
    EXPECT_FALSE(sia_accounts::allows(b, "garbage"));
    ASSERT_EQ(book.problems().size(), 1u);
    EXPECT_NE(book.problems()[0].find("not-an-address"), std::string::npos);
}

TEST(SiaAccounts, ParseSource) {
    EXPECT_TRUE(sia_accounts::parse_source("0.0.0.0/0"));
    EXPECT_TRUE(sia_accounts::parse_source("fd00::/8"));
    EXPECT_FALSE(sia_accounts::parse_source("10.0.0.0/33"));
    EXPECT_FALSE(sia_accounts::parse_source("10.0.0.0/"));
    EXPECT_FALSE(sia_accounts::parse_source("host.example"));
}

}  // namespace
}  // namespace alarmd::ingest
