// Encoder refusals (nothing appended) and the answers an ESME owes.
#include "protocols/smpp/encoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/smpp/error.hpp"
#include "tests/unit/protocols/smpp/test_support.hpp"

namespace alarmd::protocols::smpp::test {
namespace {

error_code encode_error(const pdu& p) {
    std::vector<std::uint8_t> out{1, 2, 3};
    const result<void> r = encode(p, out);
    if (r) {
        EXPECT_GT(out.size(), 3u + header_size);
        return {};
    }
    EXPECT_EQ(out, (std::vector<std::uint8_t>{1, 2, 3})) << "appended despite the error";
    return r.error();
}

TEST(SmppEncoder, RefusesFieldsAboveTheirMaximum) {
    EXPECT_EQ(encode_error(pdu{0, 1, make_bind<bind_transceiver>(std::string(16, 'x'))}),
              errc::string_too_long);
    EXPECT_EQ(encode_error(pdu{0, 1, make_bind<bind_transceiver>("", std::string(9, 'x'))}),
              errc::string_too_long);
    bind_transceiver b;
    b.system_type = std::string(13, 'x');
    EXPECT_EQ(encode_error(pdu{0, 1, b}), errc::string_too_long);
    b = {};
    b.address_range = std::string(41, 'x');
    EXPECT_EQ(encode_error(pdu{0, 1, b}), errc::string_too_long);
    b.address_range = std::string(40, 'x');
    EXPECT_EQ(encode_error(pdu{0, 1, b}), error_code{});
    EXPECT_EQ(encode_error(pdu{0, 1, submit_sm_resp{std::string(65, 'x'), {}}}),
              errc::string_too_long);
    EXPECT_EQ(encode_error(pdu{0, 1, bind_transmitter_resp{std::string(16, 'x'), {}}}),
              errc::string_too_long);
    EXPECT_EQ(encode_error(pdu{0, 1, make_bind<bind_transceiver>(std::string("a\0b", 3))}),
              errc::string_too_long);

    submit_sm m;
    m.destination_addr = std::string(20, '1');
    EXPECT_EQ(encode_error(pdu{0, 1, m}), error_code{});
    m.destination_addr += '1';
    EXPECT_EQ(encode_error(pdu{0, 1, m}), errc::string_too_long);
    m = {};
    m.source_addr = std::string(21, '1');
    EXPECT_EQ(encode_error(pdu{0, 1, m}), errc::string_too_long);
    m = {};
    m.service_type = "CMTXYZ";
    EXPECT_EQ(encode_error(pdu{0, 1, m}), errc::string_too_long);
    m = {};
    m.validity_period = std::string(17, '0');
    EXPECT_EQ(encode_error(pdu{0, 1, m}), errc::string_too_long);
    m = {};
    m.schedule_delivery_time = std::string(17, '0');
    EXPECT_EQ(encode_error(pdu{0, 1, m}), errc::string_too_long);
}

TEST(SmppEncoder, RefusesLongShortMessagesAndTlvs) {
    submit_sm m;
    m.short_message.assign(254, 'a');
    EXPECT_EQ(encode_error(pdu{0, 1, m}), error_code{});
    m.short_message.push_back('a');
    EXPECT_EQ(encode_error(pdu{0, 1, m}), errc::bad_sm_length);
    m = {};
    m.tlvs.push_back(tlv{tag::message_payload, std::vector<std::uint8_t>(65535, 'a')});
    EXPECT_EQ(encode_error(pdu{0, 1, m}), error_code{});
    m.tlvs.push_back(tlv{tag::message_payload, std::vector<std::uint8_t>(65536, 'a')});
    EXPECT_EQ(encode_error(pdu{0, 1, m}), errc::bad_tlv);
    EXPECT_EQ(
        encode_error(pdu{0, 1, submit_sm_resp{"", {tlv{1, std::vector<std::uint8_t>(65536)}}}}),
        errc::bad_tlv);
}

TEST(SmppEncoder, FailureResponsesKeepABodyWhenTheyHaveOne) {
    // A message_id or a TLV keeps the body even with a failure status.
    EXPECT_EQ(hex_text(encoded(pdu{0x45, 2, submit_sm_resp{"m", {}}})),
              "00000012800000040000004500000002"
              "6d00");
    EXPECT_EQ(hex_text(encoded(pdu{0x45, 2, deliver_sm_resp{"", {tlv{0x1400, {}}}}})),
              "00000015800000050000004500000002"
              "00"
              "14000000");
}

TEST(SmppEncoder, ResponsesToEachRequest) {
    const auto response = [](const body& b, std::uint32_t status = 0) {
        return make_response(pdu{0, 42, b}, status);
    };
    const auto r1 = response(make_bind<bind_transceiver>("esme1"));
    ASSERT_TRUE(r1);
    EXPECT_EQ(*r1, (pdu{0, 42, bind_transceiver_resp{}}));
    EXPECT_EQ(response(bind_transmitter{}, status::esme_rinvpaswd),
              (pdu{status::esme_rinvpaswd, 42, bind_transmitter_resp{}}));
    EXPECT_EQ(response(bind_receiver{}), (pdu{0, 42, bind_receiver_resp{}}));
    EXPECT_EQ(response(submit_sm{}), (pdu{0, 42, submit_sm_resp{}}));
    EXPECT_EQ(response(deliver_sm{}), (pdu{0, 42, deliver_sm_resp{}}));
    EXPECT_EQ(response(enquire_link{}), (pdu{0, 42, enquire_link_resp{}}));
    EXPECT_EQ(response(unbind{}), (pdu{0, 42, unbind_resp{}}));
    EXPECT_EQ(response(raw_body{command_id::outbind, {}}),
              (pdu{status::esme_rinvcmdid, 42, generic_nack{}}));
    // Responses are not answered.
    EXPECT_FALSE(response(generic_nack{}));
    EXPECT_FALSE(response(submit_sm_resp{}));
    EXPECT_FALSE(response(enquire_link_resp{}));
    EXPECT_FALSE(response(raw_body{static_cast<command_id>(0x80000103), {}}));
    // deliver_sm_resp on the wire: message_id NUL (3.4 §4.6.2).
    EXPECT_EQ(hex_text(encoded(*response(deliver_sm{}))),
              "000000118000000500000000000000"
              "2a00");
}

TEST(SmppEncoder, GenericNackForARejection) {
    const rejection r{errc::unterminated_string, header{20, command_id::deliver_sm, 0, 77}};
    const auto nack = make_generic_nack(r);
    ASSERT_TRUE(nack);
    EXPECT_EQ(*nack, (pdu{status::esme_rinvcmdlen, 77, generic_nack{}}));
    EXPECT_EQ(make_generic_nack({errc::bad_tlv, header{}})->command_status,
              status::esme_rinvoptparstream);
    EXPECT_EQ(make_generic_nack({errc::bad_sm_length, header{}})->command_status,
              status::esme_rinvmsglen);
    EXPECT_FALSE(make_generic_nack({errc::truncated, std::nullopt}));
}

}  // namespace
}  // namespace alarmd::protocols::smpp::test
