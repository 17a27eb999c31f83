// A scenario's time series: bounded in size by merging neighbours (never truncated), with rates
// averaged, errors summed and percentiles kept at their highest, and a JSON form that reads back.
#include "metrics/timeseries.h"
#include "plan/jsonreader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

namespace {
TimeSeries::Point pointAt(int i)
{
    TimeSeries::Point p;
    p.t = 0.25 * (i + 1);
    p.rps = i % 2 ? 100 : 200;
    p.p50Ms = 5;
    p.p95Ms = 8;
    p.p99Ms = i == 777 ? 950 : 10; // one stall
    p.errors.timeout = i % 10 == 0 ? 1 : 0;
    p.activeVus = 50;
    p.clientCpuPercent = 40;
    p.serverCpuPercent = 150;
    p.serverRssMb = 80;
    p.foreignCpuPercent = i < 4 ? -1 : 2; // unknown at first
    p.workerCpuPercent = { 75, 75 };
    p.workerConnections = { 25, i == 777 ? 50 : 25 };
    return p;
}
} // namespace

TEST(TimeSeries, AShortRunKeepsEverySnapshot)
{
    TimeSeries s;
    for (int i = 0; i < 40; ++i) // 10 s
        s.append(pointAt(i));
    ASSERT_EQ(s.points.size(), 40);
    EXPECT_DOUBLE_EQ(s.bucketS, 0.25);
    EXPECT_DOUBLE_EQ(s.points.last().t, 10);
    EXPECT_EQ(s.points[1].rps, 100);
}

TEST(TimeSeries, ALongRunIsDownsampledNeverTruncated)
{
    TimeSeries s;
    constexpr int N = 2400; // 10 minutes of 250 ms snapshots
    qint64 timeouts = 0;
    for (int i = 0; i < N; ++i) {
        s.append(pointAt(i));
        timeouts += pointAt(i).errors.timeout;
        ASSERT_LE(s.points.size(), TimeSeries::MaxPoints) << "after " << i + 1;
    }
    EXPECT_DOUBLE_EQ(s.bucketS, 4.0) << "the smallest power-of-two bucket that fits 600 s in 240";
    EXPECT_EQ(s.points.size(), 150);
    EXPECT_DOUBLE_EQ(s.points.first().t, 4.0);
    EXPECT_DOUBLE_EQ(s.points.last().t, 600.0) << "the end of the run is still there";
    qint64 merged = 0;
    double rpsTime = 0;
    double stall = 0;
    for (const TimeSeries::Point& p : s.points) {
        merged += p.errors.timeout;
        rpsTime += p.rps * p.parts;
        stall = std::max(stall, p.p99Ms);
        EXPECT_DOUBLE_EQ(p.foreignCpuPercent, 2) << "unknown parts do not drag a mean to -1";
        ASSERT_EQ(p.workerCpuPercent.size(), 2);
        EXPECT_DOUBLE_EQ(p.workerCpuPercent[0], 75);
    }
    EXPECT_EQ(merged, timeouts) << "errors are summed, not lost";
    EXPECT_DOUBLE_EQ(rpsTime / N, 150) << "the rate is averaged over time";
    EXPECT_EQ(stall, 950) << "a stall in one snapshot survives the merging";
    const auto& bucket = *std::find_if(
        s.points.cbegin(), s.points.cend(), [](const TimeSeries::Point& p) { return p.p99Ms == 950; });
    EXPECT_EQ(bucket.workerConnections[1], 50) << "the most connections a worker held";
    EXPECT_NEAR(bucket.t, 0.25 * 778, 4) << "and the stall is where it happened";
}

TEST(TimeSeries, JsonReadsBack)
{
    TimeSeries s;
    for (int i = 0; i < 300; ++i)
        s.append(pointAt(i));
    const QJsonObject o = s.toJson();
    EXPECT_EQ(o[u"t"_qs].toArray().size(), s.points.size());
    EXPECT_TRUE(o[u"errors"_qs].toObject().contains(u"timeout"_qs));
    EXPECT_FALSE(o[u"errors"_qs].toObject().contains(u"connect"_qs)) << "only the classes that occurred";
    JsonReader r;
    const auto back = TimeSeries::fromJson(r, o, u"series"_qs);
    ASSERT_TRUE(back.has_value()) << qPrintable(
        r.problems().isEmpty() ? QString() : r.problems().first().toString());
    EXPECT_EQ(back->toJson(), o);
    EXPECT_DOUBLE_EQ(back->bucketS, 0.5);
    EXPECT_EQ(back->points[3].workerConnections, (QList<int> { 25, 25 }));
}

TEST(TimeSeries, BadColumnsAreNamedByPath)
{
    TimeSeries s;
    for (int i = 0; i < 5; ++i)
        s.append(pointAt(i));
    QJsonObject o = s.toJson();
    QJsonArray rps = o[u"rps"_qs].toArray();
    rps.removeLast();
    o[u"rps"_qs] = rps;
    o[u"vus"_qs] = QJsonArray { 1, 2, u"x"_qs, 4, 5 };
    JsonReader r;
    EXPECT_FALSE(TimeSeries::fromJson(r, o, u"series"_qs).has_value());
    QStringList lines;
    for (const auto& p : r.problems())
        lines << p.toString();
    EXPECT_TRUE(lines.contains(u"series.rps: has 4 values for 5 points"_qs)) << qPrintable(lines.join(u'\n'));
    EXPECT_TRUE(std::any_of(lines.cbegin(), lines.cend(), [](const QString& l) {
        return l.startsWith(u"series.vus[2]"_qs);
    })) << qPrintable(lines.join(u'\n'));
}
