#pragma once
// The SIA devices of the config by DC-09 account: which device speaks for an account, its AES
// key (raw bytes, from the configured hex) and the peer addresses allowed to use it. Rebuilt
// whole on reload. Keys are never logged.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/config/config.hpp"

namespace alarmd::ingest {

// One allowed_sources entry: an address ("10.1.2.3", "::1") or a network ("10.1.0.0/16").
struct source_rule {
    std::vector<std::uint8_t> bytes;  // 4 or 16
    unsigned prefix = 0;              // bits that must match
};

struct sia_account {
    std::string device_id;
    std::vector<std::uint8_t> key;     // empty: plain frames; else encrypted frames only
    std::vector<source_rule> sources;  // empty: any peer
    bool sources_configured = false;   // allowed_sources was given (even if no entry parsed)
};

class sia_accounts {
public:
    sia_accounts() = default;
    explicit sia_accounts(const config::config& cfg);

    // The account as sent in the frame header; hex digits compare case-insensitively.
    [[nodiscard]] const sia_account* find(std::string_view account) const;
    [[nodiscard]] std::size_t size() const { return by_account_.size(); }

    // allowed_sources entries that are not an address or network (they allow nothing), and
    // accounts that differ only in case: for a warning at start and reload.
    [[nodiscard]] const std::vector<std::string>& problems() const { return problems_; }

    // Whether `peer` (an IPv4 or IPv6 address in text; IPv4-mapped IPv6 counts as IPv4) may
    // speak for the account.
    [[nodiscard]] static bool allows(const sia_account& a, std::string_view peer);

    [[nodiscard]] static std::optional<source_rule> parse_source(std::string_view text);

private:
    std::unordered_map<std::string, sia_account> by_account_;  // upper-case account
    std::vector<std::string> problems_;
};

// Upper-case copy (accounts, as stored in the book).
[[nodiscard]] std::string upper(std::string_view s);

}  // namespace alarmd::ingest
