#include "daemon/core/incident_lifecycle.hpp"

#include <gtest/gtest.h>

namespace alarmd::core {
namespace {

using namespace std::chrono_literals;
const time_point t0 = time_point{} + 1000h;

lifecycle_request req(lifecycle_action a, outcome o = outcome::none) {
    return lifecycle_request{a, "g01", o, "note"};
}

TEST(Lifecycle, FullPathOpenToReviewed) {
    incident inc;
    EXPECT_FALSE(apply(inc, req(lifecycle_action::ack), t0));
    EXPECT_EQ(inc.state, incident_state::acknowledged);
    EXPECT_EQ(inc.acknowledged->by, "g01");
    EXPECT_FALSE(apply(inc, req(lifecycle_action::arrive), t0 + 1s));
    EXPECT_EQ(inc.state, incident_state::on_site);
    EXPECT_FALSE(apply(inc, req(lifecycle_action::resolve, outcome::real), t0 + 2s));
    EXPECT_EQ(inc.state, incident_state::resolved);
    EXPECT_EQ(inc.result, outcome::real);
    EXPECT_FALSE(inc.is_open());
    EXPECT_FALSE(apply(inc, req(lifecycle_action::review), t0 + 3s));
    EXPECT_EQ(inc.state, incident_state::reviewed);
}

TEST(Lifecycle, RefusalsLeaveTheIncidentUntouched) {
    incident inc;
    auto why = apply(inc, req(lifecycle_action::review), t0);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("resolved"), std::string::npos);
    EXPECT_EQ(inc.state, incident_state::open);
    why = apply(inc, req(lifecycle_action::resolve), t0);
    ASSERT_TRUE(why);
    EXPECT_NE(why->find("outcome"), std::string::npos);
    EXPECT_EQ(inc.state, incident_state::open);
    EXPECT_FALSE(apply(inc, req(lifecycle_action::ack), t0));
    EXPECT_TRUE(apply(inc, req(lifecycle_action::ack), t0));
}

TEST(Lifecycle, ArriveAcknowledgesAndResolvedRefusesEverything) {
    incident inc;
    EXPECT_FALSE(apply(inc, req(lifecycle_action::arrive), t0));
    ASSERT_TRUE(inc.acknowledged);
    EXPECT_FALSE(apply(inc, req(lifecycle_action::resolve, outcome::false_alarm), t0));
    EXPECT_TRUE(apply(inc, req(lifecycle_action::ack), t0));
    EXPECT_TRUE(apply(inc, req(lifecycle_action::hold), t0));
}

TEST(Lifecycle, HoldOnce) {
    incident inc;
    EXPECT_FALSE(apply(inc, req(lifecycle_action::hold), t0));
    EXPECT_TRUE(inc.held);
    EXPECT_TRUE(apply(inc, req(lifecycle_action::hold), t0));
}

}  // namespace
}  // namespace alarmd::core
