// errc <-> error_code plumbing: category, messages, implicit conversion.
#include "protocols/gb26875/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace alarmd::protocols::gb26875 {
namespace {

TEST(Gb26875Errc, EveryValueHasItsOwnMessageInTheCodecCategory) {
    std::set<std::string> messages;
    for (int v = 1; v <= static_cast<int>(errc::garbage); ++v) {
        const error_code ec = static_cast<errc>(v);
        EXPECT_TRUE(ec.failed());
        EXPECT_EQ(&ec.category(), &category());
        EXPECT_STREQ(ec.category().name(), "alarmd.gb26875");
        EXPECT_NE(ec.message(), "unknown GB/T 26875.3 error") << v;
        messages.insert(ec.message());
    }
    EXPECT_EQ(messages.size(), static_cast<std::size_t>(errc::garbage));
    EXPECT_EQ(category().message(0), "unknown GB/T 26875.3 error");
    EXPECT_FALSE(error_code(1, boost::system::generic_category()) == errc::bad_start);
}

}  // namespace
}  // namespace alarmd::protocols::gb26875
