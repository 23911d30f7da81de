#include "daemon/ingest/sia/accounts.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "daemon/sys/hex.hpp"

namespace alarmd::ingest {
namespace {

std::vector<std::uint8_t> key_bytes(std::string_view hex) {
    std::vector<std::uint8_t> out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        const int hi = sys::hex_value(hex[i]);
        const int lo = sys::hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) {
            return {};
        }
        out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    return out;
}

// 4 bytes for IPv4 (also when written as IPv4-mapped IPv6), 16 for IPv6; nullopt otherwise.
std::optional<std::vector<std::uint8_t>> address_bytes(std::string_view text) {
    if (text.size() >= 64) {
        return std::nullopt;
    }
    char buf[64];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    unsigned char raw[16];
    if (inet_pton(AF_INET, buf, raw) == 1) {
        return std::vector<std::uint8_t>(raw, raw + 4);
    }
    if (inet_pton(AF_INET6, buf, raw) == 1) {
        static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(raw, mapped, sizeof mapped) == 0) {
            return std::vector<std::uint8_t>(raw + 12, raw + 16);
        }
        return std::vector<std::uint8_t>(raw, raw + 16);
    }
    return std::nullopt;
}

bool matches(const source_rule& r, const std::vector<std::uint8_t>& addr) {
    if (r.bytes.size() != addr.size()) {
        return false;
    }
    unsigned bits = r.prefix;
    for (std::size_t i = 0; i < addr.size() && bits > 0; ++i) {
        const unsigned take = bits >= 8 ? 8 : bits;
        const auto mask = static_cast<std::uint8_t>(0xFF << (8 - take));
        if ((r.bytes[i] & mask) != (addr[i] & mask)) {
            return false;
        }
        bits -= take;
    }
    return true;
}

}  // namespace

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 'a' + 'A');
        }
    }
    return out;
}

std::optional<source_rule> sia_accounts::parse_source(std::string_view text) {
    std::string_view host = text;
    std::optional<unsigned> prefix;
    if (const auto slash = text.find('/'); slash != std::string_view::npos) {
        host = text.substr(0, slash);
        const auto bits = text.substr(slash + 1);
        unsigned v = 0;
        const auto [p, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), v);
        if (ec != std::errc{} || p != bits.data() + bits.size() || bits.empty()) {
            return std::nullopt;
        }
        prefix = v;
    }
    auto bytes = address_bytes(host);
    if (!bytes) {
        return std::nullopt;
    }
    const unsigned all = static_cast<unsigned>(bytes->size() * 8);
    if (prefix && *prefix > all) {
        return std::nullopt;
    }
    return source_rule{std::move(*bytes), prefix.value_or(all)};
}

sia_accounts::sia_accounts(const config::config& cfg) {
    for (const auto& d : cfg.devices) {
        if (d.protocol != config::device_protocol::sia || d.account.empty()) {
            continue;
        }
        sia_account a;
        a.device_id = d.id;
        a.key = key_bytes(d.key_hex);
        a.sources_configured = !d.allowed_sources.empty();
        for (const auto& s : d.allowed_sources) {
            if (auto rule = parse_source(s)) {
                a.sources.push_back(std::move(*rule));
            } else {
                problems_.push_back("device " + d.id + ": allowed_sources entry \"" + s +
                                    "\" is not an address or network; it allows nothing");
            }
        }
        auto [it, fresh] = by_account_.emplace(upper(d.account), std::move(a));
        if (!fresh) {
            problems_.push_back("device " + d.id + ": account " + d.account +
                                " is already device " + it->second.device_id +
                                "'s (accounts compare without case); ignored");
        }
    }
}

const sia_account* sia_accounts::find(std::string_view account) const {
    auto it = by_account_.find(upper(account));
    return it == by_account_.end() ? nullptr : &it->second;
}

bool sia_accounts::allows(const sia_account& a, std::string_view peer) {
    if (!a.sources_configured) {
        return true;
    }
    const auto addr = address_bytes(peer);
    if (!addr) {
        return false;
    }
    for (const auto& r : a.sources) {
        if (matches(r, *addr)) {
            return true;
        }
    }
    return false;
}

}  // namespace alarmd::ingest
