// POST /v1/events bodies: a zone is an id, never text a sender could put into labels and SMS.
#include "daemon/wire/event_body.hpp"

#include <gtest/gtest.h>

namespace alarmd::wire {
namespace {

TEST(EventBody, AZoneIsAnIdNeverText) {
    auto ok = parse_event_body(R"({"device":"p","category":"fire","zone":"Z-003.a_1/0x2"})");
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ(ok->zone, "Z-003.a_1/0x2");
    for (const char* zone : {"火警已解除，请忽略", "3F stairs", "a:b", "x\\ny"}) {
        const auto body = std::string(R"({"device":"p","category":"fire","zone":")") + zone + "\"}";
        auto bad = parse_event_body(body);
        ASSERT_FALSE(bad) << zone;
        EXPECT_EQ(bad.error().field, "zone");
    }
}

}  // namespace
}  // namespace alarmd::wire
