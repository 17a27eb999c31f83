// Issue 16, part 2: a scenario in detail from the Results page — its time series per repetition, the
// latency spectrum of every stack, the histogram — opened from a table row or an enlarged figure's bar,
// and each chart exports.
#include "figures/figureview.h"
#include "results/drilldowndialog.h"
#include "results/figuregrid.h"
#include "results/resultspage.h"
#include "resultsfixture.h"

#include <QChart>
#include <QComboBox>
#include <QImage>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

namespace {
QList<QLineSeries*> lines(QChart* chart)
{
    QList<QLineSeries*> out;
    for (QAbstractSeries* s : chart->series())
        if (auto* line = qobject_cast<QLineSeries*>(s))
            out << line;
    return out;
}

struct Opened
{
    QTemporaryDir dir;
    ResultsPage page;
    Opened()
    {
        writeWithSeries(dir.filePath(u"r"_qs));
        page.resize(1400, 900);
        page.show();
        QSignalSpy loaded(&page, &ResultsPage::loaded);
        page.openFolder(dir.filePath(u"r"_qs));
        EXPECT_TRUE(loaded.wait(10'000));
    }
};
} // namespace

TEST(DrillDown, ShowsTheCourseThePercentilesAndTheHistogram)
{
    Opened o;
    DrillDownDialog* d = o.page.openDrillDown(u"hello"_qs, u"flask-sqlite3"_qs);
    ASSERT_NE(d, nullptr);
    // Over time: one req/s line per repetition, ten points each.
    QList<QLineSeries*> overTime = lines(d->chart(DrillDownDialog::OverTime));
    ASSERT_EQ(overTime.size(), 2);
    EXPECT_EQ(overTime[0]->count(), 10);
    EXPECT_EQ(overTime[0]->name(), u"rep 1"_qs);
    // One repetition only.
    d->repetitionBox()->setCurrentIndex(2);
    EXPECT_EQ(lines(d->chart(DrillDownDialog::OverTime)).size(), 1);
    // Each worker's CPU: repetition 2 shows the idle worker.
    d->signalBox()->setCurrentIndex(5);
    overTime = lines(d->chart(DrillDownDialog::OverTime));
    ASSERT_EQ(overTime.size(), 2);
    EXPECT_LT(overTime[1]->at(0).y(), 1);
    EXPECT_EQ(overTime[1]->name(), u"rep 2 · worker 2"_qs);
    d->signalBox()->setCurrentIndex(1); // p50 and p99: a line each
    overTime = lines(d->chart(DrillDownDialog::OverTime));
    ASSERT_EQ(overTime.size(), 2);
    EXPECT_EQ(overTime[1]->name(), u"rep 2 · p99"_qs);
    // Percentiles: both stacks of the scenario, ending at their maxima (200 ms stalls).
    const QList<QLineSeries*> spectrum = lines(d->chart(DrillDownDialog::Percentiles));
    ASSERT_EQ(spectrum.size(), 2);
    for (QLineSeries* s : spectrum) {
        ASSERT_GT(s->count(), 10);
        EXPECT_NEAR(s->at(s->count() - 1).y(), 200 + (s->name().contains(u"Flask"_qs) ? 15 : 5), 2)
            << qPrintable(s->name());
    }
    EXPECT_FALSE(d->chart(DrillDownDialog::HistogramTab)->series().isEmpty());

    QTemporaryDir out;
    QString error;
    ASSERT_TRUE(
        d->exportChart(DrillDownDialog::Percentiles, out.filePath(u"p.png"_qs), QSize(800, 500), &error))
        << qPrintable(error);
    const QImage png(out.filePath(u"p.png"_qs));
    ASSERT_EQ(png.size(), QSize(800, 500));
    int coloured = 0;
    for (int y = 0; y < png.height(); y += 2)
        for (int x = 0; x < png.width(); x += 2)
            coloured += qAbs(qRed(png.pixel(x, y)) - qBlue(png.pixel(x, y))) > 60 ? 1 : 0;
    EXPECT_GT(coloured, 50) << "the lines are drawn";
    ASSERT_TRUE(
        d->exportChart(DrillDownDialog::OverTime, out.filePath(u"t.svg"_qs), QSize(800, 500), &error));
    QFile svg(out.filePath(u"t.svg"_qs));
    ASSERT_TRUE(svg.open(QIODevice::ReadOnly));
    EXPECT_TRUE(svg.readAll().contains("<svg"));
    d->close();
}

TEST(DrillDown, OpensFromATableRowAndAnEnlargedBar)
{
    Opened o;
    o.page.showNumbers(true);
    QTableView* table = o.page.numbersTable();
    ASSERT_GE(table->model()->rowCount(), 2);
    table->setCurrentIndex(table->model()->index(0, 0));
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Return);
    auto dialogs = o.page.findChildren<DrillDownDialog*>();
    ASSERT_EQ(dialogs.size(), 1) << "Enter on a row opens its scenario";
    dialogs.first()->close();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);

    o.page.showNumbers(false);
    FigureGrid* grid = o.page.figureGrid();
    QSignalSpy requested(grid, &FigureGrid::drillDownRequested);
    grid->enlarge(1);
    FigureView* large = grid->findChildren<FigureView*>().last();
    QTest::qWait(50);
    QPoint onBar;
    for (int x = 0; x < large->width() && onBar.isNull(); x += 4)
        for (int y = large->height() - 1; y > 0 && onBar.isNull(); y -= 4)
            if (large->barAt(QPoint(x, y)) >= 0)
                onBar = QPoint(x, y);
    ASSERT_FALSE(onBar.isNull()) << "no bar found on the enlarged figure";
    QTest::mouseClick(large->viewport(), Qt::LeftButton, {}, onBar);
    ASSERT_EQ(requested.size(), 1);
    EXPECT_EQ(requested.first().at(0).toInt(), 1);
    EXPECT_EQ(o.page.findChildren<DrillDownDialog*>().size(), 1) << "the bar's scenario opened";
}
