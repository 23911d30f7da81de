// One record, one line: control bytes from senders are escaped, UTF-8 kept.
#include "daemon/sys/log_escape.hpp"

#include <gtest/gtest.h>

namespace alarmd::sys {
namespace {

TEST(LogEscape, ControlBytesCannotEndTheLine) {
    EXPECT_TRUE(log_text_is_plain("event=x device=\"panel-b3\" label=\"3F 电梯厅烟感\""));
    EXPECT_FALSE(log_text_is_plain("device=\"a\nb\""));
    EXPECT_EQ(escape_log_text("a\nforged line\r\tz\x01\x7f"), "a\\nforged line\\r\\tz\\x01\\x7f");
    EXPECT_EQ(escape_log_text("back\\slash\n"), "back\\\\slash\\n") << "escapes stay readable";
    EXPECT_EQ(escape_log_text("电梯\n"), "电梯\\n");
}

}  // namespace
}  // namespace alarmd::sys
