// The fields of a lifecycle step, from an HTTP body or a console's request: each bad field is
// named, resolve needs its outcome, and who takes the step never comes from the body.
#include "daemon/wire/lifecycle_body.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace alarmd::wire {
namespace {

using core::lifecycle_action;

TEST(LifecycleBody, EmptyBodyIsAStepWithoutFields) {
    for (const auto* body : {"", "  \r\n"}) {
        auto r = parse_lifecycle_body(lifecycle_action::ack, body, "g01");
        ASSERT_TRUE(r) << body;
        EXPECT_EQ(r->action, lifecycle_action::ack);
        EXPECT_EQ(r->by, "g01");
        EXPECT_EQ(r->result, core::outcome::none);
        EXPECT_TRUE(r->note.empty());
    }
}

TEST(LifecycleBody, ResolveTakesItsOutcomeAndNote) {
    auto r = parse_lifecycle_body(lifecycle_action::resolve,
                                  R"({"outcome":"false_alarm","note":"厨房油烟","by":"mgr1"})",
                                  "g02");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result, core::outcome::false_alarm);
    EXPECT_EQ(r->note, "厨房油烟");
    EXPECT_EQ(r->by, "g02") << "the person is the token's, not the body's";
}

TEST(LifecycleBody, BadFieldsAreNamed) {
    struct case_t {
        lifecycle_action action;
        const char* body;
        const char* field;
    };
    for (const auto& c : std::vector<case_t>{
             {lifecycle_action::resolve, "", "outcome"},
             {lifecycle_action::resolve, R"({"note":"x"})", "outcome"},
             {lifecycle_action::resolve, R"({"outcome":"none"})", "outcome"},
             {lifecycle_action::resolve, R"({"outcome":"maybe"})", "outcome"},
             {lifecycle_action::ack, R"({"outcome":7})", "outcome"},
             {lifecycle_action::review, R"({"note":5})", "note"},
             {lifecycle_action::ack, "{", "body"},
             {lifecycle_action::ack, "[1]", "body"},
         }) {
        auto r = parse_lifecycle_body(c.action, c.body, "g01");
        ASSERT_FALSE(r) << c.body;
        EXPECT_EQ(r.error().field, c.field) << c.body;
        EXPECT_FALSE(r.error().message.empty());
    }
    const auto long_note = boost::json::serialize(
        boost::json::object{{"note", std::string(max_note + 1, 'x')}});
    auto r = parse_lifecycle_body(lifecycle_action::review, long_note, "lead1");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "note");
}

TEST(LifecycleBody, ANullOutcomeOrNoteIsAbsent) {
    auto r = parse_lifecycle_body(lifecycle_action::hold, R"({"outcome":null,"note":null})",
                                  "mgr1");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->result, core::outcome::none);
}

}  // namespace
}  // namespace alarmd::wire
