// libFuzzer target for the GB/T 26875.3 codec: arbitrary bytes into the stream decoder (chunked
// as the first byte says), the one-shot frame parser and the application unit decoder.
// Beyond "no crash", it checks properties and traps when one fails:
//  - chunking never changes what the stream decoder yields;
//  - every accepted frame re-encodes to the same bytes' fields and parses one-shot alike;
//  - every rejection that carries a control unit can be answered with a parseable deny;
//  - the status change helper is symmetric (alarm <-> restore, fault <-> fault_restore).
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "protocols/gb26875/app_data.hpp"
#include "protocols/gb26875/changes.hpp"
#include "protocols/gb26875/decoder.hpp"
#include "protocols/gb26875/encoder.hpp"
#include "protocols/gb26875/error.hpp"

#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace gb = alarmd::protocols::gb26875;

using alarmd::fuzz::require;

std::vector<gb::decoded> run_stream(std::span<const std::uint8_t> bytes, std::size_t chunk,
                                    const gb::limits& lim) {
    return alarmd::fuzz::run_stream(gb::decoder{lim}, bytes, chunk);
}

bool same(const gb::decoded& a, const gb::decoded& b) {
    if (a.has_value() != b.has_value()) {
        return false;
    }
    if (a) {
        return a->control == b->control && a->app_data == b->app_data && a->checksum == b->checksum;
    }
    const gb::rejection ra = a.error();
    const gb::rejection rb = b.error();
    return ra.reason == rb.reason && ra.control == rb.control && ra.skipped == rb.skipped;
}

void check_frame(const gb::frame& f, const gb::limits& lim) {
    std::vector<std::uint8_t> bytes;
    require(gb::encode(f, bytes).has_value());
    const gb::decoded again = gb::parse_frame(bytes, lim);
    require(again.has_value());
    require(again->control == f.control && again->app_data == f.app_data);
    require(gb::parse_frame(gb::make_confirm(f.control, f.control.time)).has_value());

    const auto unit = gb::decode_app_data(f.app_data);
    if (unit) {
        if (const auto* states = std::get_if<std::vector<gb::component_state>>(&unit->objects)) {
            for (const gb::component_state& s : *states) {
                require(gb::changes(gb::component_status{}, s.status).size() ==
                        gb::changes(s.status, gb::component_status{}).size());
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::size_t chunk = data[0] % 16 + 1;
    const std::span<const std::uint8_t> bytes{data + 1, size - 1};
    // A small limit now and then, so the length check is reached by short inputs too.
    const gb::limits lim{.max_app_length = (data[0] & 0x80) != 0 ? 64u : 1024u};

    const auto whole = run_stream(bytes, bytes.size() + 1, lim);
    const auto pieces = run_stream(bytes, chunk, lim);
    require(whole.size() == pieces.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        require(same(whole[i], pieces[i]));
        if (whole[i]) {
            check_frame(*whole[i], lim);
        } else {
            const gb::rejection r = whole[i].error();
            require((r.reason == gb::errc::garbage) == (r.skipped > 0));
            if (r.control) {
                require(gb::parse_frame(gb::make_deny(*r.control, {})).has_value());
            }
        }
    }

    const gb::decoded one = gb::parse_frame(bytes, lim);
    if (one) {
        check_frame(*one, lim);
    }
    (void)gb::decode_app_data(bytes);
    return 0;
}
