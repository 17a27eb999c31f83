// LiveCharts: bounded history, each load a labelled segment on a wall-clock axis with gaps between,
// a latency scale that one spike does not flatten, a theme for both palettes.
#include "live/livecharts.h"

#include <QChart>
#include <QLineSeries>
#include <QPalette>
#include <QValueAxis>
#include <gtest/gtest.h>

namespace {
LiveSnapshot snapshot(quint64 runId, double t, double rps, double p99)
{
    LiveSnapshot s;
    s.runId = runId;
    s.elapsedS = t;
    s.intervalRps = rps;
    s.intervalP50Ms = p99 / 4;
    s.intervalP95Ms = p99 / 2;
    s.intervalP99Ms = p99;
    return s;
}
} // namespace

TEST(LiveCharts, KeepsABoundedHistory)
{
    LiveCharts charts;
    EXPECT_EQ(charts.maxPoints(), 10 * 60 * 4); // ten minutes at 4 Hz
    charts.setMaxPoints(100);
    for (int i = 1; i <= 1000; ++i)
        charts.addSnapshot(snapshot(1, i * 0.25, 1000 + i, 5), i * 0.25);
    EXPECT_EQ(charts.pointCount(), 100);
    EXPECT_EQ(charts.rpsSeries()->count(), 100);
    EXPECT_EQ(charts.latencySeries(99)->count(), 100);
    // The newest points stay: the last one is the 1000th snapshot.
    EXPECT_DOUBLE_EQ(charts.rpsSeries()->at(99).y(), 2000);
    EXPECT_DOUBLE_EQ(charts.rpsSeries()->at(0).x(), 901 * 0.25);
    charts.clear();
    EXPECT_EQ(charts.pointCount(), 0);
}

TEST(LiveCharts, EachLoadIsALabelledSegmentOnTheWallClock)
{
    LiveCharts charts;
    charts.resize(800, 600);
    charts.show();
    charts.setSegmentLabel(u"stack-a · hello"_qs);
    charts.addSnapshot(snapshot(1, 0.25, 10, 1), 0.25);
    charts.addSnapshot(snapshot(1, 3.0, 10, 1), 3.0);
    charts.setSegmentLabel(u"stack-a · echo"_qs);
    // The next scenario starts its own load clock after a 2 s gap: drawn where it happened.
    charts.addSnapshot(snapshot(2, 0.25, 20, 2), 5.25);
    ASSERT_EQ(charts.pointCount(), 3);
    ASSERT_EQ(charts.segmentCount(), 2);
    EXPECT_EQ(charts.segmentLabel(0), u"stack-a · hello"_qs);
    EXPECT_EQ(charts.segmentLabel(1), u"stack-a · echo"_qs);
    // Its own line: nothing is drawn across the gap.
    ASSERT_EQ(charts.rpsSeries()->count(), 1);
    EXPECT_DOUBLE_EQ(charts.rpsSeries()->at(0).x(), 5.25);
    EXPECT_DOUBLE_EQ(charts.latencySeries(50)->at(0).y(), 0.5);
    EXPECT_DOUBLE_EQ(charts.latencySeries(95)->at(0).y(), 1.0);
    EXPECT_GE(charts.timeAxis()->max(), 5.25);
    charts.clear();
    EXPECT_EQ(charts.segmentCount(), 0);
}

TEST(LiveCharts, OneLatencySpikeDoesNotFlattenTheRest)
{
    LiveCharts charts;
    for (int i = 1; i <= 40; ++i)
        charts.addSnapshot(snapshot(1, i * 0.25, 1000, i == 20 ? 2000 : 10), i * 0.25);
    // p50 is 2.5 ms: on a 0-2,000 ms scale it would lie on the floor.
    EXPECT_LE(charts.latencyAxis()->max(), 50);
    EXPECT_GE(charts.latencyAxis()->max(), 10);
    EXPECT_GE(charts.latencyPointsAboveScale(), 1);
    EXPECT_TRUE(charts.latencyChart()->title().contains(u"above the scale"_qs))
        << qPrintable(charts.latencyChart()->title());
}

TEST(LiveCharts, ThemeFollowsLightAndDarkPalettes)
{
    LiveCharts charts;
    QPalette light;
    light.setColor(QPalette::Window, Qt::white);
    light.setColor(QPalette::WindowText, Qt::black);
    charts.setPalette(light);
    const QColor lightBackground = charts.rpsChart()->backgroundBrush().color();
    const QColor lightTitle = charts.rpsChart()->titleBrush().color();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
    charts.setPalette(dark);
    const QColor darkBackground = charts.rpsChart()->backgroundBrush().color();
    const QColor darkTitle = charts.rpsChart()->titleBrush().color();
    EXPECT_GT(lightBackground.lightness(), 200);
    EXPECT_LT(lightTitle.lightness(), 80);
    EXPECT_LT(darkBackground.lightness(), 60);
    EXPECT_GT(darkTitle.lightness(), 180);
    // The p99 line stays distinguishable from the background in both.
    const QColor p99 = charts.latencySeries(99)->pen().color();
    EXPECT_GT(std::abs(p99.lightness() - darkBackground.lightness()), 60);
}
