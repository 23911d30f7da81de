// The Prometheus exposition: histogram buckets are cumulative with +Inf equal to the count,
// label values are escaped, counters render per label set.
#include "daemon/sys/metrics.hpp"

#include <gtest/gtest.h>

namespace alarmd::sys {
namespace {

TEST(Metrics, HistogramBucketsAreCumulative) {
    histogram h({0.001, 0.01, 0.1});
    for (double v : {0.0005, 0.001, 0.005, 0.05, 3.0}) {
        h.observe(v);
    }
    std::string out;
    h.render(out, "x_seconds");
    EXPECT_EQ(out,
              "x_seconds_bucket{le=\"0.001\"} 2\n"
              "x_seconds_bucket{le=\"0.01\"} 3\n"
              "x_seconds_bucket{le=\"0.1\"} 4\n"
              "x_seconds_bucket{le=\"+Inf\"} 5\n"
              "x_seconds_sum 3.0565\n"
              "x_seconds_count 5\n");
}

TEST(Metrics, LabelValuesAreEscaped) {
    EXPECT_EQ(labels({{"reason", "bad \"crc\"\\\nx"}, {"t", "tcp"}}),
              R"(reason="bad \"crc\"\\\nx",t="tcp")");
}

TEST(Metrics, CountersRenderEachLabelSet) {
    metrics m;
    m.events.add(labels({{"source", "sia"}, {"kind", "alarm"}}));
    m.events.add(labels({{"source", "sia"}, {"kind", "alarm"}}), 2);
    m.events.add(labels({{"source", "http"}, {"kind", "restore"}}));
    const auto text = m.render();
    EXPECT_NE(text.find("alarmd_events_total{source=\"sia\",kind=\"alarm\"} 3\n"), std::string::npos);
    EXPECT_NE(text.find("alarmd_events_total{source=\"http\",kind=\"restore\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("# TYPE alarmd_events_total counter\n"), std::string::npos);
    EXPECT_NE(text.find("alarmd_redis_up 0\n"), std::string::npos) << "no source: down";
}

}  // namespace
}  // namespace alarmd::sys
