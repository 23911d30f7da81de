// What a log line becomes in the journal: its priority and the fields an admin filters on.
#include <stdlib.h>

#include <gtest/gtest.h>

#include "daemon/sys/journal_fields.hpp"

namespace {

using alarmd::sys::journal_fields;
using alarmd::sys::journal_priority;
using strings = std::vector<std::string>;

TEST(JournalFields, PrioritiesAreSyslogs) {
    EXPECT_EQ(journal_priority(spdlog::level::critical), 2);
    EXPECT_EQ(journal_priority(spdlog::level::err), 3);
    EXPECT_EQ(journal_priority(spdlog::level::warn), 4);
    EXPECT_EQ(journal_priority(spdlog::level::info), 6);
    EXPECT_EQ(journal_priority(spdlog::level::debug), 7);
    EXPECT_EQ(journal_priority(spdlog::level::trace), 7);
}

TEST(JournalFields, NamedThingsBecomeFields) {
    EXPECT_EQ(journal_fields("event=incident_opened incident=inc-1796-1 category=fire building=B3 "
                             "device=panel-b3 zone=003"),
              (strings{"ALARMD_EVENT=incident_opened", "INCIDENT=inc-1796-1", "DEVICE=panel-b3",
                       "ZONE=003"}));
}

TEST(JournalFields, QuotedValuesLoseTheirQuotesAndKeepTheirSpaces) {
    EXPECT_EQ(journal_fields("event=ami_login_refused host=127.0.0.1:5038 user=alarmd "
                             "reason=\"Authentication failed\" device=\"door b3\""),
              (strings{"ALARMD_EVENT=ami_login_refused", "DEVICE=door b3"}));
}

TEST(JournalFields, FreeTextAndRepeatsAreSkipped) {
    EXPECT_EQ(journal_fields("event=degraded reason=redis_down (alarms still reach guards) "
                             "incident=a incident=b"),
              (strings{"ALARMD_EVENT=degraded", "INCIDENT=a"}));
    EXPECT_TRUE(journal_fields("").empty());
    EXPECT_TRUE(journal_fields("no fields here").empty());
    EXPECT_TRUE(journal_fields("incident= device=\"\"").empty()) << "empty values are no fields";
    EXPECT_TRUE(journal_fields("zone=\"unclosed").size() == 1);
}

TEST(JournalFields, StderrIsTheJournalOnlyWhenJournalStreamNamesIt) {
    ::unsetenv("JOURNAL_STREAM");
    EXPECT_FALSE(alarmd::sys::stderr_is_journal());
    // Inherited from a parent whose stream was the journal: a different file.
    ::setenv("JOURNAL_STREAM", "8:12345678", 1);
    EXPECT_FALSE(alarmd::sys::stderr_is_journal());
    ::setenv("JOURNAL_STREAM", "garbage", 1);
    EXPECT_FALSE(alarmd::sys::stderr_is_journal());
    ::unsetenv("JOURNAL_STREAM");
}

}  // namespace
