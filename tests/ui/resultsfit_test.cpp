// The Results page fits a 1280 x 800 window: all seven figures without scrolling, with plots tall
// enough to read, the numbers table with many rows, and a y axis whose labels are evenly spaced.
#include "figures/figurechart.h"
#include "figures/figureview.h"
#include "mainwindow.h"
#include "results/figuregrid.h"
#include "results/resultspage.h"
#include "resultsfixture.h"

#include <QFontMetricsF>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <cmath>
#include <gtest/gtest.h>

namespace {
bool isNiceStep(double step)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(step)));
    const double f = step / magnitude;
    for (double nice : { 1.0, 2.0, 2.5, 5.0, 10.0 })
        if (std::abs(f - nice) < 1e-9)
            return true;
    return false;
}
} // namespace

TEST(ResultsFit, SevenFiguresAndTheTableFit1280x800)
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"paper"_qs);
    writeFiveStacks(folder);
    MainWindow window;
    window.restoreSession();
    window.resize(1280, 800);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    ResultsPage* page = window.resultsPage();
    QSignalSpy loaded(page, &ResultsPage::loaded);
    page->openFolder(folder);
    ASSERT_TRUE(loaded.wait(10'000));
    window.showPage(MainWindow::ResultsTab);
    page->showNumbers(false);
    const QList<FigureView*>& views = page->figureGrid()->views();
    // Chart layouts follow their views' sizes through posted layout requests.
    const auto settled = [&] {
        // The grid reflows to four columns once it has the window's width.
        return page->figureGrid()->width() >= 1200 && views.first()->width() < 400
            && std::all_of(views.cbegin(), views.cend(), [](FigureView* v) {
                   const FigureChart* c = v->figureChart();
                   return !c->plotArea().isEmpty() && c->rect().contains(c->plotArea());
               });
    };
    ASSERT_TRUE(QTest::qWaitFor(settled, 5000));

    auto* scroll = page->figureGrid()->findChild<QScrollArea*>();
    ASSERT_NE(scroll, nullptr);
    for (FigureView* view : views) {
        const int number = view->figure().number;
        ASSERT_EQ(view->figure().bars.size(), 5) << "figure " << number;
        const QRect inViewport(view->mapTo(scroll->viewport(), QPoint(0, 0)), view->size());
        EXPECT_TRUE(scroll->viewport()->rect().contains(inViewport))
            << "figure " << number << " needs scrolling: " << inViewport.y() << "+" << inViewport.height()
            << " in " << scroll->viewport()->height();
        FigureChart* chart = view->figureChart();
        EXPECT_GE(chart->plotArea().height(), 110) << "figure " << number;
        for (int i = 0; i < 5; ++i) {
            EXPECT_GE(chart->barRect(i).width(), 15) << "figure " << number << " bar " << i;
            EXPECT_GE(chart->barRect(i).height(), 5) << "figure " << number << " bar " << i;
        }
    }

    page->showNumbers(true);
    QApplication::processEvents();
    QTableView* table = page->numbersTable();
    ASSERT_TRUE(table->isVisible());
    ASSERT_EQ(table->model()->rowCount(), 35);
    const int lastVisible = table->rowAt(table->viewport()->height() - 1);
    const int visibleRows = lastVisible < 0 ? 35 : lastVisible;
    EXPECT_GE(visibleRows, 15);
}

TEST(ResultsFit, YAxisLabelsAreEvenlySpacedAndReadableInAThumbnail)
{
    FigureData data;
    data.number = 1;
    data.unit = u"req/s"_qs;
    const QList<double> values { 5269.7, 5902.0, 3806.9, 5200.0, 3522.0 };
    for (int i = 0; i < values.size(); ++i)
        data.bars.append({ u"stack-%1"_qs.arg(i), u"Stack %1"_qs.arg(i), {}, values.at(i), values.at(i) * 0.8,
            values.at(i) * 1.2 });
    for (const QSize size : { QSize(310, 230), QSize(310, 280), QSize(900, 600) }) {
        FigureView view;
        view.setFigure(data);
        view.resize(size);
        view.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
        FigureChart* chart = view.figureChart();
        ASSERT_TRUE(QTest::qWaitFor([&] { return !chart->plotArea().isEmpty(); }, 2000));
        QApplication::processEvents();
        auto* axis = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0));
        ASSERT_NE(axis, nullptr);
        const int intervals = axis->tickCount() - 1;
        ASSERT_GE(intervals, 1);
        EXPECT_DOUBLE_EQ(axis->min(), 0);
        EXPECT_TRUE(isNiceStep(axis->max() / intervals)) << axis->max() << " / " << intervals;
        EXPECT_GE(axis->max(), 5902.0 * 1.2);
        // Qt hides a label that would overlap its neighbour, leaving an uneven scale: there must
        // be room for every label.
        const qreal labelHeight = QFontMetricsF(axis->labelsFont()).height();
        EXPECT_GE(chart->plotArea().height() / intervals, labelHeight * 1.5)
            << size.width() << "x" << size.height() << ": " << intervals << " intervals in "
            << chart->plotArea().height() << " px";
    }
}
