// A bar's tooltip stays: when Qt asks the figure for its tooltip (a second after the hover), the
// bar under the mouse answers, not the view's generic hint.
#include "figures/figurechart.h"
#include "figures/figureview.h"

#include <QApplication>
#include <QHelpEvent>
#include <QTest>
#include <QToolTip>
#include <gtest/gtest.h>

namespace {
FigureData twoBars()
{
    FigureData data;
    data.number = 1;
    data.unit = u"req/s"_qs;
    data.bars = { { u"fastapi-sqlite3"_qs, u"FastAPI + sqlite3"_qs, {}, 5505, 5400, 5600 },
        { u"flask-sqlite3"_qs, u"Flask + sqlite3"_qs, {}, 3100, 3000, 3200 } };
    return data;
}

/// What Qt's tooltip timer sends to the view's viewport at @p pos.
void askForToolTip(FigureView& view, const QPoint& pos)
{
    QHelpEvent event(QEvent::ToolTip, pos, view.viewport()->mapToGlobal(pos));
    QApplication::sendEvent(view.viewport(), &event);
}
} // namespace

TEST(FigureToolTip, TheBarsTipIsNotReplacedByTheViewsHint)
{
    FigureView view;
    view.setToolTip(u"Hover a bar for its mean, confidence interval and paper value"_qs);
    view.setFigure(twoBars());
    view.resize(700, 450);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    FigureChart* chart = view.figureChart();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !chart->barRect(0).isEmpty(); }, 2000));
    const QPoint onBar = view.mapFromScene(chart->mapToScene(chart->barRect(0).center()));
    ASSERT_EQ(view.barAt(onBar), 0);

    askForToolTip(view, onBar);
    EXPECT_TRUE(QToolTip::isVisible());
    EXPECT_TRUE(QToolTip::text().contains(u"FastAPI + sqlite3"_qs)) << qPrintable(QToolTip::text());
    EXPECT_TRUE(QToolTip::text().contains(u"mean 5,505"_qs)) << qPrintable(QToolTip::text());

    // Off the bars the view's own hint is still there.
    const QPoint off = view.mapFromScene(chart->mapToScene(chart->plotArea().topLeft() + QPointF(3, 3)));
    EXPECT_EQ(view.barAt(off), -1);
    askForToolTip(view, off);
    EXPECT_TRUE(QToolTip::text().startsWith(u"Hover a bar"_qs)) << qPrintable(QToolTip::text());
    QToolTip::hideText();
}
