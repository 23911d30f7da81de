// The hand-written JSON text is byte for byte what boost::json writes for the same members:
// every byte value in a string, numbers at their limits, nesting and commas.
#include "daemon/wire/json_text.hpp"

#include <gtest/gtest.h>

#include <limits>

#include <boost/json.hpp>

namespace alarmd::wire {
namespace {

namespace json = boost::json;

TEST(JsonText, StringsAreEscapedAsBoostJsonDoes) {
    std::string all;
    for (int c = 0; c < 256; ++c) {
        all.push_back(static_cast<char>(c));
    }
    for (const std::string& s : {all, std::string("火警 \"3F\" \\ ok"), std::string()}) {
        json_text j;
        j.open().key("k\n").str(s).close();
        EXPECT_EQ(j.text(), json::serialize(json::object{{"k\n", json::string_view(s)}}));
    }
}

TEST(JsonText, NumbersNestingAndCommas) {
    json_text j;
    j.open()
        .key("min").num(std::numeric_limits<std::int64_t>::min())
        .key("max").num(std::numeric_limits<std::int64_t>::max())
        .key("list").open_array().num(1).str("two").null().boolean(false).open().close()
        .close_array()
        .key("raw").raw(R"({"a":[1,2]})")
        .key("empty").open_array().close_array()
        .close();
    const auto expected = json::object{{"min", std::numeric_limits<std::int64_t>::min()},
                                       {"max", std::numeric_limits<std::int64_t>::max()},
                                       {"list", json::array{1, "two", nullptr, false, json::object{}}},
                                       {"raw", json::object{{"a", json::array{1, 2}}}},
                                       {"empty", json::array{}}};
    EXPECT_EQ(j.text(), json::serialize(expected));
}

}  // namespace
}  // namespace alarmd::wire
