// libFuzzer target for the SMPP 3.4 codec: arbitrary bytes into the stream decoder (chunked as
// the first byte says), the one-shot parser, the receipt parsers and the text encoder.
// Beyond "no crash", it checks properties and traps when one fails:
//  - chunking never changes what the stream decoder yields;
//  - every accepted PDU encodes, parses back to the same PDU and re-encodes to the same bytes
//    (to the input's own bytes, for the one-shot parse), and can be answered;
//  - every rejection with a header can be answered with a generic_nack that parses;
//  - a text that encodes comes back whole from its parts, and every part fits one SMS.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "protocols/smpp/decoder.hpp"
#include "protocols/smpp/encoder.hpp"
#include "protocols/smpp/error.hpp"
#include "protocols/smpp/receipt.hpp"
#include "protocols/smpp/text.hpp"

#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace smpp = alarmd::protocols::smpp;

using alarmd::fuzz::require;

std::vector<smpp::decoded> run_stream(std::span<const std::uint8_t> bytes, std::size_t chunk,
                                      const smpp::limits& lim) {
    return alarmd::fuzz::run_stream(smpp::decoder{lim}, bytes, chunk);
}

bool same(const smpp::decoded& a, const smpp::decoded& b) {
    if (a.has_value() != b.has_value()) {
        return false;
    }
    if (a) {
        return *a == *b;
    }
    const smpp::rejection ra = a.error();
    const smpp::rejection rb = b.error();
    return ra.reason == rb.reason && ra.header == rb.header;
}

std::vector<std::uint8_t> encode_ok(const smpp::pdu& p) {
    std::vector<std::uint8_t> out;
    require(smpp::encode(p, out).has_value());
    return out;
}

void check_pdu(const smpp::pdu& p, const smpp::limits& lim) {
    const std::vector<std::uint8_t> bytes = encode_ok(p);
    const smpp::decoded again = smpp::parse_pdu(bytes, lim);
    require(again.has_value());
    require(*again == p);
    require(encode_ok(*again) == bytes);
    if (const auto answer = smpp::make_response(p)) {
        require(smpp::parse_pdu(encode_ok(*answer)).has_value());
    }
    if (const auto* d = std::get_if<smpp::deliver_sm>(&p.body)) {
        const auto r = smpp::parse_receipt(*d);
        require(!r || !r->message_id.empty());
        require(r || !smpp::is_receipt(d->esm_class) || r.error() == smpp::errc::bad_receipt);
    }
}

void check_text(std::string_view text, std::uint8_t reference, bool ucs2_only) {
    const auto t = smpp::encode_text(text, reference, smpp::text_options{.ucs2_only = ucs2_only});
    if (!t) {
        require(t.error() == smpp::errc::invalid_utf8 ||
                t.error() == smpp::errc::too_many_segments);
        return;
    }
    const bool gsm = t->data_coding == smpp::data_coding_default;
    require(gsm ? !ucs2_only : t->data_coding == smpp::data_coding_ucs2);
    require(!t->parts.empty() && t->parts.size() <= smpp::max_parts);
    std::string joined;
    for (std::size_t i = 0; i < t->parts.size(); ++i) {
        const std::vector<std::uint8_t>& part = t->parts[i];
        std::span<const std::uint8_t> payload{part};
        if (t->parts.size() > 1) {
            require(part.size() > smpp::concat_udh_size);
            require(part[0] == 5 && part[1] == 0 && part[2] == 3 && part[3] == reference);
            require(part[4] == t->parts.size() && part[5] == i + 1);
            payload = payload.subspan(smpp::concat_udh_size);
            require(payload.size() <= (gsm ? smpp::gsm7_part_septets : 2 * smpp::ucs2_part_units));
        } else {
            require(payload.size() <=
                    (gsm ? smpp::gsm7_single_septets : 2 * smpp::ucs2_single_units));
        }
        const auto decoded = smpp::decode_text(t->data_coding, payload);
        require(decoded.has_value());  // no part ends inside an escape or a surrogate pair
        joined += *decoded;
    }
    require(joined == text);
    for (const smpp::submit_sm& m : smpp::make_submits(smpp::submit_sm{}, *t)) {
        (void)encode_ok(smpp::pdu{0, 1, m});
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const std::uint8_t control = data[0];
    const std::size_t chunk = control % 16 + 1;
    const std::span<const std::uint8_t> bytes{data + 1, size - 1};
    // A small limit now and then, so the length check is reached by short inputs too.
    const smpp::limits lim{.max_pdu_length = (control & 0x80) != 0 ? 64u : 65536u};

    const auto whole = run_stream(bytes, bytes.size() + 1, lim);
    const auto pieces = run_stream(bytes, chunk, lim);
    require(whole.size() == pieces.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        require(same(whole[i], pieces[i]));
        if (whole[i]) {
            check_pdu(*whole[i], lim);
        } else {
            const smpp::rejection r = whole[i].error();
            require(r.header.has_value());
            // bad_command_length stops the decoder: it can only be the last thing it yields.
            require(r.reason != smpp::errc::bad_command_length || i + 1 == whole.size());
            const auto nack = smpp::make_generic_nack(r);
            require(nack && smpp::parse_pdu(encode_ok(*nack)).has_value());
        }
    }

    const smpp::decoded one = smpp::parse_pdu(bytes, lim);
    if (one) {
        check_pdu(*one, lim);
        const std::vector<std::uint8_t> again = encode_ok(*one);
        // Only a failure response's lone "\0" body is not written back.
        const bool same_bytes = std::equal(again.begin(), again.end(), bytes.begin(), bytes.end());
        require(same_bytes || (one->command_status != 0 && bytes.size() == smpp::header_size + 1 &&
                               again.size() == smpp::header_size));
    }

    const std::string_view text{reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    if (const auto r = smpp::parse_receipt_text(text)) {
        require(!r->message_id.empty());
    }
    check_text(text, control, (control & 0x40) != 0);
    (void)smpp::decode_text(smpp::data_coding_default, bytes);
    (void)smpp::decode_text(smpp::data_coding_ucs2, bytes);
    const std::string_view a = text.substr(0, text.size() / 2);
    const std::string_view b = text.substr(text.size() / 2);
    require(smpp::message_ids_match(a, b) == smpp::message_ids_match(b, a));
    return 0;
}
