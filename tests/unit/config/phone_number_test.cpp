// Phone numbers in the forms exchanges, intercoms and spreadsheets write them come down to one
// key, so a caller is found whatever form their number arrived in.
#include "daemon/config/phone_number.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using alarmd::config::dialable_phone;
using alarmd::config::normalize_phone;

TEST(NormalizePhone, AMobileInEveryFormIsOneKey) {
    for (const char* raw :
         {"+86 138 0000 0001", "008613800000001", "8613800000001", "138-0000-0001", "013800000001",
          "13800000001", "+86-138-0000-0001", "(+86) 138.0000.0001", "0086 138 0000 0001"}) {
        EXPECT_EQ(normalize_phone(raw), "13800000001") << raw;
    }
}

TEST(NormalizePhone, ALandlineKeepsItsAreaCodeWithoutTheTrunkZero) {
    for (const char* raw : {"010-12345678", "+86 10 1234 5678", "(010) 1234 5678", "00861012345678",
                            "+86 010 12345678"}) {
        EXPECT_EQ(normalize_phone(raw), "1012345678") << raw;
    }
    EXPECT_EQ(normalize_phone("0871-6512 3456"), "87165123456");
    EXPECT_EQ(normalize_phone("+86 871 6512 3456"), "87165123456");
}

TEST(NormalizePhone, EightySixIsKeptWhenNoNationalNumberFollowsIt) {
    EXPECT_EQ(normalize_phone("86123456"), "86123456");  // a local number that starts with 86
    EXPECT_EQ(normalize_phone("+852 2345 6789"), "85223456789");  // Hong Kong, not China
    EXPECT_EQ(normalize_phone("00852 2345 6789"), "85223456789");
    EXPECT_EQ(normalize_phone("6001"), "6001");  // an extension
}

TEST(NormalizePhone, NoDigitsIsEmpty) {
    EXPECT_EQ(normalize_phone(""), "");
    EXPECT_EQ(normalize_phone("+ - ()"), "");
    EXPECT_EQ(normalize_phone("anonymous"), "");
    EXPECT_EQ(normalize_phone("000"), "");
}

TEST(DialablePhone, SeparatorsGoThePlusStaysOtherCharactersRefuse) {
    EXPECT_EQ(dialable_phone("+86 138-0000-0001"), "+8613800000001");
    EXPECT_EQ(dialable_phone(" (010) 1234.5678"), "01012345678");
    EXPECT_EQ(dialable_phone("13800000001"), "13800000001");
    EXPECT_EQ(dialable_phone("call me"), "");
    EXPECT_EQ(dialable_phone("138+0000"), "");
    EXPECT_EQ(dialable_phone("++86138"), "");
    EXPECT_EQ(dialable_phone("+"), "");
}

}  // namespace
