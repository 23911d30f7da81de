// decode_errc <-> error_code plumbing: category, messages, implicit conversion.
#include "protocols/ami/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace alarmd::protocols::ami {
namespace {

TEST(AmiErrc, EveryValueHasItsOwnMessageInTheCodecCategory) {
    std::set<std::string> messages;
    for (int v = 1; v <= static_cast<int>(decode_errc::not_ami); ++v) {
        const error_code ec = static_cast<decode_errc>(v);
        EXPECT_TRUE(ec.failed());
        EXPECT_EQ(&ec.category(), &category());
        EXPECT_STREQ(ec.category().name(), "alarmd.ami");
        EXPECT_NE(ec.message(), "unknown AMI error") << v;
        messages.insert(ec.message());
    }
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(decode_errc::not_ami));
    EXPECT_EQ(category().message(0), "unknown AMI error");
    EXPECT_TRUE(make_error_code(decode_errc::bad_line) == decode_errc::bad_line);
    EXPECT_FALSE(error_code(4, boost::system::generic_category()) == decode_errc::bad_line);
}

}  // namespace
}  // namespace alarmd::protocols::ami
