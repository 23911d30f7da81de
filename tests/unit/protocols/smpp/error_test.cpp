// errc <-> error_code plumbing: category, messages, implicit conversion.
#include "protocols/smpp/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace alarmd::protocols::smpp {
namespace {

TEST(SmppErrc, EveryValueHasItsOwnMessageInTheCodecCategory) {
    std::set<std::string> messages;
    for (int v = 1; v <= static_cast<int>(errc::bad_encoding); ++v) {
        const error_code ec = static_cast<errc>(v);
        EXPECT_TRUE(ec.failed());
        EXPECT_EQ(&ec.category(), &category());
        EXPECT_STREQ(ec.category().name(), "alarmd.smpp");
        EXPECT_NE(ec.message(), "unknown SMPP error") << v;
        messages.insert(ec.message());
    }
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(errc::bad_encoding));
    EXPECT_EQ(category().message(0), "unknown SMPP error");
    EXPECT_FALSE(error_code(1, boost::system::generic_category()) == errc::bad_command_length);
}

}  // namespace
}  // namespace alarmd::protocols::smpp
