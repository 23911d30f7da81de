// Incident writes that could not reach Redis are merged: the newest head and state, every zone
// that changed (by key, the newest of each), every timeline line in order, and an index update
// kept once any of them asked for it.
#include "daemon/store/incident_store.hpp"

#include <gtest/gtest.h>

namespace alarmd::store {
namespace {

incident_write write(std::string head, std::string state, bool reindex,
                     std::map<std::string, std::string> zones, std::vector<std::string> timeline) {
    incident_write w;
    w.id = "inc-1";
    w.head = std::move(head);
    w.state = std::move(state);
    w.reindex = reindex;
    w.zones = std::move(zones);
    w.timeline = std::move(timeline);
    return w;
}

TEST(IncidentWrite, MergingKeepsEveryChange) {
    auto into = write("h1", "open", true, {{"p/1", "z1"}, {"p/2", "z2"}}, {"opened"});
    merge(into, write("h2", "open", false, {{"p/2", "z2b"}}, {}));
    merge(into, write("h3", "acknowledged", false, {{"p/3", "z3"}}, {"grouped", "acknowledged"}));
    EXPECT_EQ(into.head, "h3");
    EXPECT_EQ(into.state, "acknowledged");
    EXPECT_TRUE(into.reindex) << "the opening's index write is not lost";
    EXPECT_EQ(into.zones, (std::map<std::string, std::string>{
                              {"p/1", "z1"}, {"p/2", "z2b"}, {"p/3", "z3"}}));
    EXPECT_EQ(into.timeline, (std::vector<std::string>{"opened", "grouped", "acknowledged"}));
}

}  // namespace
}  // namespace alarmd::store
