// The AES-CBC wrapper against NIST SP 800-38A F.2 (CBC-AES128/192/256), and its errors.
#include "protocols/common/aes_cbc.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace alarmd::protocols::common {
namespace {

std::vector<std::uint8_t> hex(std::string_view h) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
        out.push_back(
            static_cast<std::uint8_t>(std::stoul(std::string{h.substr(i, 2)}, nullptr, 16)));
    }
    return out;
}

const aes_iv nist_iv{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                     0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};
const auto nist_plain = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");

struct nist_case {
    const char* key;
    const char* cipher;
};

class AesCbcNist : public ::testing::TestWithParam<nist_case> {};

TEST_P(AesCbcNist, EncryptsAndDecrypts) {
    const auto key = hex(GetParam().key);
    const auto cipher = hex(GetParam().cipher);
    const auto enc = aes_cbc_encrypt(key, nist_iv, nist_plain);
    ASSERT_TRUE(enc) << enc.error().message();
    EXPECT_EQ(*enc, cipher);
    const auto dec = aes_cbc_decrypt(key, nist_iv, cipher);
    ASSERT_TRUE(dec) << dec.error().message();
    EXPECT_EQ(*dec, nist_plain);
}

INSTANTIATE_TEST_SUITE_P(
    Sp800_38a, AesCbcNist,
    ::testing::Values(nist_case{"2b7e151628aed2a6abf7158809cf4f3c",
                                "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2"},
                      nist_case{"8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
                                "4f021db243bc633d7178183a9fa071e8b4d9ada9ad7dedf4e5e738763f69145a"},
                      nist_case{
                          "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
                          "f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d"}),
    [](const auto& info) { return "key" + std::to_string(info.index); });

TEST(AesCbc, RejectsOtherKeySizes) {
    for (const std::size_t size : {0u, 8u, 15u, 17u, 31u, 33u, 64u}) {
        const std::vector<std::uint8_t> key(size, 1);
        EXPECT_EQ(aes_cbc_encrypt(key, {}, nist_plain).error(), aes_errc::bad_key_size) << size;
        EXPECT_EQ(aes_cbc_decrypt(key, {}, nist_plain).error(), aes_errc::bad_key_size) << size;
    }
}

TEST(AesCbc, RejectsPartialBlocks) {
    const std::vector<std::uint8_t> key(16, 1);
    const std::vector<std::uint8_t> odd(17, 0);
    EXPECT_EQ(aes_cbc_encrypt(key, {}, odd).error(), aes_errc::bad_input_size);
    EXPECT_EQ(aes_cbc_decrypt(key, {}, odd).error(), aes_errc::bad_input_size);
}

TEST(AesCbc, EmptyInputGivesEmptyOutput) {
    const std::vector<std::uint8_t> key(32, 1);
    const auto out = aes_cbc_encrypt(key, {}, {});
    ASSERT_TRUE(out);
    EXPECT_TRUE(out->empty());
}

TEST(AesCbc, ErrorCategory) {
    const error_code ec = aes_errc::cipher_failure;
    EXPECT_STREQ(ec.category().name(), "alarmd.aes_cbc");
    EXPECT_FALSE(ec.message().empty());
    EXPECT_NE(make_error_code(aes_errc::bad_key_size).message(),
              make_error_code(aes_errc::bad_input_size).message());
}

}  // namespace
}  // namespace alarmd::protocols::common
