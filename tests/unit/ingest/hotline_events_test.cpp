// Hotline calls as events: a resident is placed at their building and unit whatever form their
// number arrives in; an unknown or withheld number has no building and its own zone; a missed
// call is a `callback` alarm that says why and whether there is a number to call back.
#include <gtest/gtest.h>

#include "daemon/config/loader.hpp"
#include "daemon/ingest/ami/hotline_events.hpp"
#include "tests/unit/config/temp_dir.hpp"

namespace {

using alarmd::ingest::hotline_call_update;
using alarmd::ingest::hotline_event;
using what = hotline_call_update::what;

// A site with one resident, loaded as the daemon loads it (the CSV beside the config).
alarmd::config::config site() {
    alarmd::test::temp_dir dir;
    dir.write("residents.csv", "building,unit,name,phone\nB3,301,张三,+86 138 0000 0001\n");
    dir.write("alarmd.yaml", R"(
site: { buildings: [ { id: B3, name: "3号楼" } ] }
residents: { csv: residents.csv }
)");
    auto cfg = alarmd::config::load_file((dir.path() / "alarmd.yaml").string());
    if (!cfg) {
        ADD_FAILURE() << "the test config does not load";
        return {};
    }
    return std::move(*cfg);
}

hotline_call_update call(what kind, std::string caller) {
    hotline_call_update u;
    u.kind = kind;
    u.linkedid = "1700000000.1";
    u.caller = std::move(caller);
    u.line = "600";
    return u;
}

TEST(HotlineEvents, AResidentsCallIsPlacedAtTheirUnit) {
    const auto cfg = site();
    auto ev = hotline_event(call(what::started, "008613800000001"), cfg.residents);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->from, alarmd::core::source::hotline);
    EXPECT_EQ(ev->what, alarmd::core::category::hotline_call);
    EXPECT_EQ(ev->kind, alarmd::core::event_kind::alarm);
    EXPECT_EQ(ev->device, "hotline");
    EXPECT_EQ(ev->zone, "13800000001");
    EXPECT_EQ(ev->code, "call");
    EXPECT_EQ(ev->where.building, "B3");
    EXPECT_EQ(ev->where.unit, "301");
    EXPECT_EQ(ev->text, "hotline call from 008613800000001 (张三, B3 301) to 600");
}

TEST(HotlineEvents, AnUnknownNumberHasNoBuilding) {
    const auto cfg = site();
    auto ev = hotline_event(call(what::started, "021-5555 0000"), cfg.residents);
    ASSERT_TRUE(ev);
    EXPECT_TRUE(ev->where.building.empty());
    EXPECT_EQ(ev->zone, "2155550000");
    EXPECT_NE(ev->text.find("not in the residents list"), std::string::npos);
}

TEST(HotlineEvents, AMissedCallIsACallBack) {
    const auto cfg = site();
    auto u = call(what::missed, "13800000001");
    u.reason = "hung up after waiting 41 s in queue 600";
    auto ev = hotline_event(u, cfg.residents);
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->what, alarmd::core::category::callback);
    EXPECT_EQ(ev->code, "missed");
    EXPECT_EQ(ev->where.unit, "301");
    EXPECT_NE(ev->text.find("41 s in queue 600; call back"), std::string::npos) << ev->text;

    auto withheld = hotline_event(call(what::missed, ""), cfg.residents);
    ASSERT_TRUE(withheld);
    EXPECT_EQ(withheld->zone, "withheld");
    EXPECT_NE(withheld->text.find("no number to call back"), std::string::npos);
}

TEST(HotlineEvents, AnsweredAndEndedCallsAreOnlyLogged) {
    const auto cfg = site();
    EXPECT_FALSE(hotline_event(call(what::answered, "13800000001"), cfg.residents));
    EXPECT_FALSE(hotline_event(call(what::ended, "13800000001"), cfg.residents));
}

}  // namespace
