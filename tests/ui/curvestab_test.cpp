// Issue 15 on the Results page: a swept folder opens on its Curves tab, with the three charts of the
// swept scenario, a line per stack configuration, knees and plateaus in the table; a folder without a
// sweep never shows the tab; two sweeps compare as one chart with both sets' lines.
#include "figures/curvechart.h"
#include "results/configgrid.h"
#include "results/curvespanel.h"
#include "results/resultspage.h"
#include "results/statistics.h"
#include "resultsfixture.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace {
bool openIn(ResultsPage& page, const QString& dir)
{
    QSignalSpy loaded(&page, &ResultsPage::loaded);
    page.openFolder(dir);
    return loaded.wait(10'000);
}

QTabWidget* tabsOf(ResultsPage& page)
{
    return page.findChild<QTabWidget*>();
}
} // namespace

TEST(CurvesTab, ASweepOpensOnItsCurves)
{
    QTemporaryDir dir;
    writeSweep(dir.filePath(u"sweep"_qs));
    ResultsPage page;
    page.resize(1500, 950);
    page.show();
    ASSERT_TRUE(openIn(page, dir.filePath(u"sweep"_qs)));
    QTabWidget* tabs = tabsOf(page);
    ASSERT_NE(tabs, nullptr);
    EXPECT_TRUE(tabs->isTabVisible(2));
    EXPECT_EQ(tabs->currentWidget(), page.curvesPanel()) << "no figure to show: the curves are the results";

    CurvesPanel* panel = page.curvesPanel();
    EXPECT_EQ(panel->scenarios(), QStringList { u"hello"_qs });
    ASSERT_EQ(panel->shownSeries().size(), 2); // workers 1 and 2
    for (int kind = 0; kind < 3; ++kind) {
        auto* chart = qobject_cast<CurveChart*>(panel->chartView(kind)->chart());
        ASSERT_NE(chart, nullptr) << kind;
        EXPECT_TRUE(chart->hasData()) << kind;
        ASSERT_NE(chart->line(1), nullptr) << kind;
        EXPECT_EQ(chart->line(1)->count(), 3) << "one point per VU level, chart " << kind;
    }
    // Throughput flattens after 10 VUs: the plateau is there for both configurations.
    const QList<CurveSeries> shown = panel->shownSeries();
    for (const CurveSeries& s : shown) {
        ASSERT_TRUE(s.plateau.has_value()) << qPrintable(s.label);
        EXPECT_EQ(s.plateau->x, 10) << qPrintable(s.label);
    }
    EXPECT_EQ(shown[0].label, u"Flask + sqlite3 (workers=1)"_qs);
    // The charts sit side by side, too narrow for their own legends: one legend above names them all.
    for (int kind = 0; kind < 3; ++kind)
        EXPECT_FALSE(panel->chartView(kind)->chart()->legend()->isVisible()) << kind;
    for (const CurveSeries& s : shown)
        EXPECT_TRUE(panel->legend()->text().contains(s.label.toHtmlEscaped())) << qPrintable(s.label);
    EXPECT_TRUE(panel->legend()->text().contains(u"knee"_qs));
    QTableWidget* table = panel->table();
    ASSERT_EQ(table->rowCount(), 2);
    EXPECT_TRUE(table->item(0, 3)->text().startsWith(u"10 vus"_qs)) << qPrintable(table->item(0, 3)->text());
}

TEST(CurvesTab, AFolderWithoutASweepHidesIt)
{
    QTemporaryDir dir;
    writeFiveStacks(dir.filePath(u"plain"_qs));
    ResultsPage page;
    ASSERT_TRUE(openIn(page, dir.filePath(u"plain"_qs)));
    EXPECT_FALSE(tabsOf(page)->isTabVisible(2));
    EXPECT_TRUE(page.curvesPanel()->isEmpty());
}

TEST(CurvesTab, TwoSweepsCompareAsOneChart)
{
    QTemporaryDir dir;
    writeSweep(dir.filePath(u"a"_qs));
    writeSweep(dir.filePath(u"b"_qs));
    ResultsPage page;
    ASSERT_TRUE(openIn(page, dir.filePath(u"a"_qs)));
    QSignalSpy compared(&page, &ResultsPage::compared);
    page.compareWith(dir.filePath(u"b"_qs));
    ASSERT_TRUE(compared.wait(10'000));
    const QList<CurveSeries> shown = page.curvesPanel()->shownSeries();
    ASSERT_EQ(shown.size(), 4);
    EXPECT_TRUE(shown[0].label.startsWith(u"a · "_qs)) << qPrintable(shown[0].label);
    EXPECT_TRUE(shown[3].label.startsWith(u"b · "_qs)) << qPrintable(shown[3].label);
    page.clearComparison();
    EXPECT_EQ(page.curvesPanel()->shownSeries().size(), 2);
}

// A configuration sweep reads as a heat map: a column per stack, a row per workers × threads in the
// order a reader scans them, ★ on each stack's best, ≈ on what its repetitions cannot tell from it,
// ⚑ with the number of flagged repetitions, darker nearer the stack's best; another scenario shows
// its numbers without the marks, which are chosen in the first.
TEST(CurvesTab, AConfigurationSweepIsAHeatMapWithTheBestMarked)
{
    const auto config = [](const QString& stack, const QString& workers, const QString& threads,
                            const QList<double>& rps, const QString& scenario = u"hello"_qs) {
        ConfigResult c;
        c.stack = stack;
        c.label = stack + u" (threads=%1, workers=%2)"_qs.arg(threads, workers);
        c.stackLabel = stack; // as sweepCurves() sets it, from PlanStack::baseLabel()
        c.params = { { u"workers"_qs, workers }, { u"threads"_qs, threads } };
        c.scenario = scenario;
        c.rpsValues = rps;
        const Statistics s = describe(rps);
        c.rps = s.mean;
        c.rpsLo = s.ciLow;
        c.rpsHi = s.ciHigh;
        c.rpsCiKnown = s.ciAvailable;
        return c;
    };
    Curves curves;
    curves.configs = { config(u"flask"_qs, u"2"_qs, u"2"_qs, { 7000, 7100, 7200 }),
        config(u"flask"_qs, u"1"_qs, u"1"_qs, { 3000, 3050, 3100 }),
        config(u"flask"_qs, u"2"_qs, u"1"_qs, { 6900, 7050, 7250 }),
        config(u"django"_qs, u"2"_qs, u"2"_qs, { 4000, 4100, 4050 }),
        config(u"flask"_qs, u"2"_qs, u"2"_qs, { 2500, 2600, 2550 }, u"get-one"_qs) };
    curves.configs[2].flaggedRepetitions = 1;
    curves.configs[2].flags = { u"imbalanced"_qs };
    curves.configScenario = u"hello"_qs;
    CurvesPanel panel;
    panel.resize(1200, 800);
    panel.show();
    panel.setCurves(curves);
    ConfigGrid* grid = panel.configGrid();
    ASSERT_TRUE(grid->isVisible());
    EXPECT_FALSE(panel.chartView(0)->isVisible()) << "no load sweep: no empty charts";
    EXPECT_EQ(grid->scenarios(), (QStringList { u"hello"_qs, u"get-one"_qs }));
    QTableWidget* t = grid->table();
    ASSERT_EQ(t->columnCount(), 2);
    ASSERT_EQ(t->rowCount(), 3);
    EXPECT_EQ(t->horizontalHeaderItem(0)->text(), u"flask"_qs) << "the label without its parameters";
    EXPECT_EQ(t->verticalHeaderItem(0)->text(), u"1 w × 1 t"_qs);
    EXPECT_EQ(t->verticalHeaderItem(1)->text(), u"2 w × 1 t"_qs);
    EXPECT_EQ(t->verticalHeaderItem(2)->text(), u"2 w × 2 t"_qs);
    EXPECT_TRUE(t->item(2, 0)->text().startsWith(u"7,100 ±"_qs)) << qPrintable(t->item(2, 0)->text());
    EXPECT_TRUE(t->item(2, 0)->text().endsWith(u"★"_qs)) << qPrintable(t->item(2, 0)->text());
    EXPECT_TRUE(t->item(1, 0)->text().endsWith(u"≈ ⚑1"_qs)) << qPrintable(t->item(1, 0)->text());
    EXPECT_FALSE(t->item(0, 0)->text().contains(u"≈"_qs)) << "3,050 is measurably slower";
    EXPECT_TRUE(t->item(1, 0)->toolTip().contains(u"imbalanced"_qs));
    EXPECT_TRUE(t->item(2, 1)->text().endsWith(u"★"_qs)) << "each stack has its best";
    EXPECT_EQ(t->item(0, 1), nullptr) << "django ran one configuration";
    EXPECT_GT(t->item(2, 0)->background().color().alphaF(), t->item(0, 0)->background().color().alphaF());

    grid->showScenario(u"get-one"_qs);
    ASSERT_EQ(t->rowCount(), 1);
    EXPECT_EQ(t->item(0, 0)->text(), u"2,550 ±124"_qs) << "no marks outside the scenario they are chosen in";
}
