// libFuzzer target for the SIA DC-09 codec: arbitrary bytes into the stream decoder (chunked as
// the first byte says), the UDP one-shot parser and the Contact ID / DC-03 payload decoders.
// Beyond "no crash", it checks three properties and traps when one fails:
//  - chunking never changes what the stream decoder yields;
//  - every accepted frame re-encodes (plain, or encrypted with the same key) to bytes that
//    decode to the same fields;
//  - every answer the policy writes is itself a decodable frame.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/contact_id/decoder.hpp"
#include "protocols/sia_dc03/decoder.hpp"
#include "protocols/sia_dc09/decoder.hpp"
#include "protocols/sia_dc09/encoder.hpp"
#include "protocols/sia_dc09/error.hpp"
#include "protocols/sia_dc09/frame_parser.hpp"
#include "protocols/sia_dc09/policy.hpp"
#include "tests/unit/protocols/sia_dc09/test_support.hpp"

namespace {

namespace dc09 = alarmd::protocols::sia_dc09;

// The account and key of the SDN encrypted seeds, so the fuzzer reaches the plaintext parser.
constexpr std::string_view fuzz_account = "080027E62A64";

const std::vector<std::uint8_t>& fuzz_key() {
    static const std::vector<std::uint8_t> key = dc09::test::sdn_key();
    return key;
}

std::optional<std::vector<std::uint8_t>> lookup(std::string_view account) {
    if (account == fuzz_account) {
        return fuzz_key();
    }
    return std::nullopt;
}

void require(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

std::vector<dc09::decoded> run_stream(std::string_view bytes, std::size_t chunk) {
    dc09::decoder dec{lookup, dc09::limits{.max_body_size = 1024, .max_extended_blocks = 8}};
    std::vector<dc09::decoded> out;
    while (!bytes.empty()) {
        const std::size_t n = dec.feed(bytes.substr(0, chunk));
        bytes.remove_prefix(n);
        while (auto d = dec.next()) {
            out.push_back(std::move(*d));
        }
    }
    return out;
}

void check_round_trip(const dc09::frame& f) {
    std::string bytes;
    const auto written =
        f.header.encrypted
            ? dc09::encode_encrypted(f, fuzz_key(), dc09::test::counting_random(), bytes)
            : dc09::encode_plain(f, bytes);
    if (!written) {
        // Re-padding may grow an encrypted body past the length field; nothing else may fail.
        require(written.error() == dc09::errc::frame_too_large);
        return;
    }
    const dc09::decoded again = dc09::parse_datagram(bytes, lookup);
    require(again.has_value());
    dc09::frame_body expected = f.body;
    expected.pad_size = again->body.pad_size;
    require(dc09::test::to_text(again->header) == dc09::test::to_text(f.header));
    require(dc09::test::to_text(again->body) == dc09::test::to_text(expected));
}

void check_answer(const dc09::decoded& d) {
    const auto now = std::chrono::system_clock::time_point{dc09::test::utc(2015, 6, 22, 13, 43, 9)};
    std::string out;
    const dc09::response_kind kind =
        dc09::answer(d, now, lookup, dc09::test::counting_random(), out);
    require(kind == dc09::decide(d, now) || kind == dc09::response_kind::nak);
    if (kind == dc09::response_kind::none) {
        require(out.empty());
        return;
    }
    require(dc09::parse_datagram(out, lookup).has_value());
}

void decode_payloads(std::string_view data) {
    (void)alarmd::protocols::contact_id::decode(data);
    (void)alarmd::protocols::sia_dc03::decode(data, {.max_events = 16});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::size_t chunk = data[0] % 16 + 1;
    const std::string_view bytes{reinterpret_cast<const char*>(data) + 1, size - 1};

    const auto whole = run_stream(bytes, bytes.size() + 1);
    const auto pieces = run_stream(bytes, chunk);
    require(whole.size() == pieces.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        require(dc09::test::to_text(whole[i]) == dc09::test::to_text(pieces[i]));
        check_answer(whole[i]);
        if (whole[i]) {
            check_round_trip(*whole[i]);
            decode_payloads(whole[i]->body.data);
        }
    }

    const dc09::decoded one = dc09::parse_datagram(bytes, lookup);
    check_answer(one);
    if (one) {
        check_round_trip(*one);
    }
    decode_payloads(bytes);
    return 0;
}
