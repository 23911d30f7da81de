// errc <-> error_code plumbing: category, messages, implicit conversion.
#include "protocols/sia_dc09/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace alarmd::protocols::sia_dc09 {
namespace {

TEST(SiaDc09Errc, EveryValueHasItsOwnMessageInTheCodecCategory) {
    std::set<std::string> messages;
    for (int v = 1; v <= static_cast<int>(errc::not_a_request); ++v) {
        const error_code ec = static_cast<errc>(v);  // is_error_code_enum: implicit
        EXPECT_TRUE(ec.failed());
        EXPECT_EQ(&ec.category(), &category());
        EXPECT_STREQ(ec.category().name(), "alarmd.sia_dc09");
        EXPECT_NE(ec.message(), "unknown SIA DC-09 error") << v;
        messages.insert(ec.message());
    }
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(errc::not_a_request));
    EXPECT_EQ(category().message(0), "unknown SIA DC-09 error");
}

// Equality goes through the category: the same number in another category is another error,
// and a code rebuilt from its value and our category is the enum again (how a stored or logged
// value reads back).
TEST(SiaDc09Errc, ComparesByCategoryAndValue) {
    const error_code rebuilt(2, category());
    EXPECT_TRUE(rebuilt == errc::bad_length);
    EXPECT_FALSE(rebuilt == errc::bad_crc);
    const error_code foreign(1, boost::system::generic_category());
    EXPECT_FALSE(foreign == errc::bad_crc) << "value 1 of another category is not bad_crc";
    EXPECT_FALSE(error_code{} == errc::bad_crc);
    EXPECT_EQ(make_error_code(errc::not_a_request).value(), 23);
}

}  // namespace
}  // namespace alarmd::protocols::sia_dc09
