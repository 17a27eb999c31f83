// Scalability curve charts: lines where the data says, CI bands, knee and plateau marks, the
// latency and error charts, empty input, and the PNG/SVG export through figureexport.
#include "figures/curvechart.h"

#include <QAreaSeries>
#include <QFile>
#include <QGraphicsScene>
#include <QImage>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTemporaryDir>
#include <QValueAxis>
#include <gtest/gtest.h>

namespace {

const QSize kSize(800, 500);

CurvePoint point(double x, double rps, double p99Ms, double errorRate = 0)
{
    CurvePoint p;
    p.x = x;
    p.rps = p.rpsLo = p.rpsHi = rps;
    p.p50Ms = p99Ms / 3;
    p.p99Ms = p99Ms;
    p.latencyKnown = true;
    p.errorRate = errorRate;
    p.repetitions = 3;
    return p;
}

/// Two stacks swept over VUs: A saturates near 4,000 req/s with a 95 % CI of ±5 %; B near 1,250
/// without a CI (one repetition), with errors at the top two loads and one point's latency unknown.
QList<CurveSeries> twoSeries()
{
    CurveSeries a;
    a.stack = u"fastapi-sqlite3"_qs;
    a.label = u"FastAPI + sqlite3"_qs;
    a.scenario = u"hello"_qs;
    a.axis = u"vus"_qs;
    a.points = { point(10, 1000, 5), point(20, 2000, 6), point(40, 3500, 8), point(80, 4000, 30),
        point(160, 4050, 90) };
    for (CurvePoint& p : a.points) {
        p.rpsLo = p.rps * 0.95;
        p.rpsHi = p.rps * 1.05;
        p.rpsCiKnown = true;
    }
    CurveSeries b = a;
    b.stack = u"flask-sqlite3"_qs;
    b.label = u"Flask + sqlite3"_qs;
    b.points = { point(10, 500, 10), point(20, 900, 12), point(40, 1200, 20), point(80, 1250, 60, 0.005),
        point(160, 1240, 200, 0.02) };
    b.points[1].latencyKnown = false;
    CurveObjective objective;
    objective.sloP99Ms = 50;
    analyseCurve(a, objective); // knee 80 VUs (4,000, p99 30); plateau 80 (4,050 is +1.25 %)
    analyseCurve(b, objective); // knee 40 VUs (errors above); plateau 40 (1,250 is +4.2 %)
    return { a, b };
}

/// A chart laid out exactly as the exporter lays it out, to learn where its lines are.
struct LaidOutCurves
{
    QGraphicsScene scene;
    CurveChart* chart;
    LaidOutCurves(const QList<CurveSeries>& curves, CurveChartKind kind, QSize size = kSize)
        : chart(buildCurveChart(curves, kind, exportFigureTheme(size)))
    {
        scene.addItem(chart);
        chart->layoutNow(QSizeF(size));
    }
};

bool near(QColor a, QColor b, int tolerance)
{
    return qAbs(a.red() - b.red()) <= tolerance && qAbs(a.green() - b.green()) <= tolerance
        && qAbs(a.blue() - b.blue()) <= tolerance;
}

/// Whether a pixel within @p radius of @p at has @p colour.
bool colourNear(const QImage& image, QPointF at, QColor colour, int radius = 3, int tolerance = 40)
{
    const QPoint c = at.toPoint();
    for (int y = c.y() - radius; y <= c.y() + radius; ++y) {
        for (int x = c.x() - radius; x <= c.x() + radius; ++x) {
            if (image.rect().contains(x, y) && near(image.pixelColor(x, y), colour, tolerance))
                return true;
        }
    }
    return false;
}

QColor seriesColour(int index)
{
    return exportFigureTheme(kSize).seriesColor(index);
}

QString at(QPointF p)
{
    return u"(%1, %2)"_qs.arg(p.x()).arg(p.y());
}

/// Every segment's middle of every series' line shows its colour: the line is drawn where the
/// chart maps the data.
void expectLinesDrawn(const CurveChart& chart, const QImage& image)
{
    for (int s = 0; s < chart.curves().size(); ++s) {
        QPointF previous;
        for (int i = 0; i < chart.curves().at(s).points.size(); ++i) {
            const QPointF here = chart.pointPosition(s, i);
            if (here.isNull())
                continue;
            if (!previous.isNull()) {
                const QPointF middle = (previous + here) / 2;
                EXPECT_TRUE(colourNear(image, middle, seriesColour(s)))
                    << "series " << s << " between points " << i - 1 << " and " << i << " at "
                    << qPrintable(at(middle));
            }
            previous = here;
        }
    }
}

} // namespace

TEST(CurveChart, ThroughputLinesAreDrawnWhereTheDataMaps)
{
    const QList<CurveSeries> curves = twoSeries();
    LaidOutCurves c(curves, CurveChartKind::Throughput);
    ASSERT_TRUE(c.chart->hasData());
    ASSERT_NE(c.chart->line(0), nullptr);
    EXPECT_EQ(c.chart->line(0)->count(), 5);
    EXPECT_EQ(c.chart->line(1)->count(), 5);
    EXPECT_EQ(c.chart->p50Line(0), nullptr);
    EXPECT_EQ(c.chart->line(2), nullptr);
    EXPECT_EQ(c.chart->axisX()->titleText(), u"Virtual users"_qs);
    EXPECT_EQ(c.chart->title(), u"Throughput vs load · hello"_qs);
    EXPECT_GE(c.chart->axisY()->max(), 4050 * 1.05);

    const QImage image = renderCurveChart(curves, CurveChartKind::Throughput, kSize, 1.0);
    ASSERT_EQ(image.size(), kSize);
    expectLinesDrawn(*c.chart, image);

    // Far from both lines (the top left of the plot: low load, high throughput) nothing is drawn.
    const QPointF empty
        = c.chart->mapToPosition(QPointF(12, c.chart->axisY()->max() * 0.9), c.chart->line(0));
    ASSERT_TRUE(c.chart->plotArea().contains(empty));
    EXPECT_FALSE(colourNear(image, empty, seriesColour(0)));
    EXPECT_FALSE(colourNear(image, empty, seriesColour(1)));
}

TEST(CurveChart, TheCiIsABandOnlyWhereKnown)
{
    const QList<CurveSeries> curves = twoSeries();
    LaidOutCurves c(curves, CurveChartKind::Throughput);
    ASSERT_NE(c.chart->band(0), nullptr);
    EXPECT_EQ(c.chart->band(1), nullptr); // one repetition: no interval to draw
    EXPECT_EQ(c.chart->band(0)->upperSeries()->count(), 5);
    EXPECT_DOUBLE_EQ(c.chart->band(0)->upperSeries()->at(2).y(), 3500 * 1.05);
    EXPECT_DOUBLE_EQ(c.chart->band(0)->lowerSeries()->at(2).y(), 3500 * 0.95);

    // Between the line and the band's upper edge at 62 VUs (on no grid line): a tint of the series
    // colour, neither the line nor the background.
    const QImage image = renderCurveChart(curves, CurveChartKind::Throughput, kSize, 1.0);
    const double rps = 3500 + (62.0 - 40) / (80 - 40) * (4000 - 3500); // on the line
    const QPointF inBand = c.chart->mapToPosition(QPointF(62, rps * 1.03), c.chart->line(0));
    const QColor tint = image.pixelColor(inBand.toPoint());
    EXPECT_FALSE(near(tint, Qt::white, 8)) << qPrintable(tint.name());
    EXPECT_FALSE(near(tint, seriesColour(0), 40)) << qPrintable(tint.name());
    // The same place without the band is background.
    QList<CurveSeries> noCi = curves;
    for (CurvePoint& p : noCi[0].points)
        p.rpsCiKnown = false;
    LaidOutCurves plainChart(noCi, CurveChartKind::Throughput);
    EXPECT_EQ(plainChart.chart->band(0), nullptr);
    const QPointF noBand
        = plainChart.chart->mapToPosition(QPointF(62, rps * 1.03), plainChart.chart->line(0));
    const QImage plain = renderCurveChart(noCi, CurveChartKind::Throughput, kSize, 1.0);
    EXPECT_TRUE(near(plain.pixelColor(noBand.toPoint()), Qt::white, 8)) << qPrintable(at(noBand));
}

// A point whose repetitions disagree wildly has an interval far above every line: the lines keep
// the scale (the band widens it by half at most, and is clipped beyond).
TEST(CurveChart, AWildIntervalDoesNotFlattenTheLines)
{
    QList<CurveSeries> curves = twoSeries();
    curves[0].points[2].rpsHi = 100'000;
    LaidOutCurves c(curves, CurveChartKind::Throughput);
    EXPECT_LE(c.chart->axisY()->max(), 10'000) << "1.5 times the highest line, rounded to a nice number";
    EXPECT_GE(c.chart->axisY()->max(), 4050 * 1.05);
}

// A geometric load sweep (1 to 400 VUs, as concurrency.json) is drawn on a logarithmic axis: 1, 10
// and 100 VUs are evenly spaced, the lines are still drawn where the data maps, and every point,
// the end ones included, lies inside the plot. Loads spanning less than 20 times stay linear.
TEST(CurveChart, AGeometricLoadSweepIsDrawnOnALogAxis)
{
    QList<CurveSeries> curves = twoSeries();
    const QList<double> loads { 1, 10, 25, 50, 100, 200, 400 };
    for (int i = 0; i < curves.size(); ++i) {
        curves[i].points.clear();
        for (double vus : loads)
            curves[i].points.append(point(vus, 1000 * (i + 1) + 10 * vus, 5)); // apart, not over each other
    }
    LaidOutCurves c(curves, CurveChartKind::Throughput);
    ASSERT_TRUE(c.chart->logLoadAxis());
    auto* axis = qobject_cast<QLogValueAxis*>(c.chart->axisX());
    ASSERT_NE(axis, nullptr);
    EXPECT_EQ(axis->base(), 10.0);
    EXPECT_EQ(axis->titleText(), u"Virtual users"_qs);
    const double x1 = c.chart->pointPosition(0, 0).x(), x10 = c.chart->pointPosition(0, 1).x();
    const double x100 = c.chart->pointPosition(0, 4).x();
    EXPECT_GT(x10 - x1, 50) << "1 and 10 VUs are far apart, not crowded at the origin";
    EXPECT_NEAR(x100 - x10, x10 - x1, 1.0);
    for (int i = 0; i < loads.size(); ++i)
        EXPECT_TRUE(c.chart->plotArea().contains(c.chart->pointPosition(0, i))) << "point " << i;
    const QImage image = renderCurveChart(curves, CurveChartKind::Throughput, kSize, 1.0);
    expectLinesDrawn(*c.chart, image);
    // Each power of 10 is labelled under the axis (localised "%g" labels would come out blank).
    const int bottom = int(c.chart->plotArea().bottom());
    for (double x : { x1, x10, x100 }) {
        int ink = 0;
        for (int y = bottom + 3; y < bottom + 28; ++y)
            for (int dx = -12; dx <= 12; ++dx)
                ink += qGray(image.pixel(int(x) + dx, y)) < 140;
        EXPECT_GT(ink, 5) << "no label under x = " << x;
    }

    // The error chart shares the load axis; the latency chart's x is req/s and stays linear.
    EXPECT_TRUE(LaidOutCurves(curves, CurveChartKind::ErrorRate).chart->logLoadAxis());
    EXPECT_FALSE(LaidOutCurves(curves, CurveChartKind::Latency).chart->logLoadAxis());

    // 16 to 512 VUs would label only 100 in powers of 10: powers of 2 instead.
    for (CurveSeries& s : curves) {
        s.points.clear();
        for (double vus : { 16, 32, 64, 128, 256, 512 })
            s.points.append(point(vus, 1000 + 10 * vus, 5));
    }
    LaidOutCurves two(curves, CurveChartKind::Throughput);
    auto* base2 = qobject_cast<QLogValueAxis*>(two.chart->axisX());
    ASSERT_NE(base2, nullptr);
    EXPECT_EQ(base2->base(), 2.0);

    // The shared fixture spans 10 to 160 VUs (16 times): linear.
    EXPECT_FALSE(LaidOutCurves(twoSeries(), CurveChartKind::Throughput).chart->logLoadAxis());
}

TEST(CurveChart, KneeAndPlateauAreMarked)
{
    const QList<CurveSeries> curves = twoSeries();
    ASSERT_TRUE(curves[0].knee && curves[1].knee && curves[0].plateau && curves[1].plateau);
    LaidOutCurves c(curves, CurveChartKind::Throughput);
    ASSERT_NE(c.chart->kneeMarks(), nullptr);
    ASSERT_NE(c.chart->plateauMarks(), nullptr);
    EXPECT_TRUE(c.chart->kneeMarks()->points() == (QList<QPointF> { QPointF(80, 4000), QPointF(40, 1200) }));
    EXPECT_TRUE(
        c.chart->plateauMarks()->points() == (QList<QPointF> { QPointF(80, 4000), QPointF(40, 1200) }));

    const QImage image = renderCurveChart(curves, CurveChartKind::Throughput, kSize, 1.0);
    const FigureTheme theme = exportFigureTheme(kSize);
    // The plateau's diamond is drawn over the knee's larger circle where both mark one point: the
    // diamond at the centre, the circle's rim between the diamond's corners.
    const QPointF kneeA = c.chart->pointPosition(0, 3);
    EXPECT_TRUE(colourNear(image, kneeA, theme.warning, 1, 30)) << qPrintable(at(kneeA));
    EXPECT_TRUE(colourNear(image, kneeA, theme.paper, 6, 30)) << qPrintable(at(kneeA));

    // Without analysis nothing is marked.
    QList<CurveSeries> plain = curves;
    for (CurveSeries& s : plain)
        s.knee = s.plateau = std::nullopt;
    LaidOutCurves unmarked(plain, CurveChartKind::Throughput);
    EXPECT_EQ(unmarked.chart->kneeMarks(), nullptr);
    EXPECT_EQ(unmarked.chart->plateauMarks(), nullptr);
    const QImage clean = renderCurveChart(plain, CurveChartKind::Throughput, kSize, 1.0);
    EXPECT_FALSE(colourNear(clean, kneeA, theme.paper, 6, 30));
}

TEST(CurveChart, LatencyAgainstThroughputLeavesOutUnknownLatency)
{
    const QList<CurveSeries> curves = twoSeries();
    LaidOutCurves c(curves, CurveChartKind::Latency);
    ASSERT_TRUE(c.chart->hasData());
    EXPECT_EQ(c.chart->axisX()->titleText(), u"Throughput (req/s)"_qs);
    EXPECT_EQ(c.chart->line(0)->count(), 5);
    EXPECT_EQ(c.chart->line(1)->count(), 4); // point 1's latency is unknown
    ASSERT_NE(c.chart->p50Line(0), nullptr);
    EXPECT_EQ(c.chart->p50Line(0)->count(), 5);
    EXPECT_TRUE(c.chart->line(0)->at(3) == QPointF(4000, 30));
    EXPECT_TRUE(c.chart->p50Line(0)->at(3) == QPointF(4000, 10));
    EXPECT_TRUE(c.chart->pointPosition(1, 1).isNull());
    EXPECT_FALSE(c.chart->pointPosition(1, 2).isNull());
    EXPECT_GE(c.chart->axisY()->max(), 200);

    const QImage image = renderCurveChart(curves, CurveChartKind::Latency, kSize, 1.0);
    expectLinesDrawn(*c.chart, image);
}

TEST(CurveChart, ErrorRateInPercentAgainstLoad)
{
    const QList<CurveSeries> curves = twoSeries();
    LaidOutCurves c(curves, CurveChartKind::ErrorRate);
    EXPECT_TRUE(c.chart->line(1)->at(4) == QPointF(160, 2.0));
    EXPECT_EQ(c.chart->axisY()->titleText(), u"Errors (% of requests)"_qs);
    // B's rise from 0.5 % to 2 %, drawn where it maps.
    const QImage image = renderCurveChart(curves, CurveChartKind::ErrorRate, kSize, 1.0);
    const QPointF middle = (c.chart->pointPosition(1, 3) + c.chart->pointPosition(1, 4)) / 2;
    EXPECT_TRUE(colourNear(image, middle, seriesColour(1))) << qPrintable(at(middle));
    // All requests failing tops the axis at 100 %, not at a round 150.
    QList<CurveSeries> failing = curves;
    failing[1].points[4].errorRate = 1.0;
    EXPECT_DOUBLE_EQ(LaidOutCurves(failing, CurveChartKind::ErrorRate).chart->axisY()->max(), 100);
}

TEST(CurveChart, EmptyInputRendersNoData)
{
    const QList<QList<CurveSeries>> inputs { {}, { CurveSeries {} } };
    for (const QList<CurveSeries>& input : inputs) {
        for (CurveChartKind kind :
            { CurveChartKind::Throughput, CurveChartKind::Latency, CurveChartKind::ErrorRate }) {
            SCOPED_TRACE(qPrintable(
                QString(curveChartTitle(kind) + u", series: "_qs + QString::number(input.size()))));
            LaidOutCurves c(input, kind);
            EXPECT_FALSE(c.chart->hasData());
            EXPECT_EQ(c.chart->kneeMarks(), nullptr);
            EXPECT_TRUE(c.chart->pointPosition(0, 0).isNull());
            const QImage image = renderCurveChart(input, kind, kSize, 1.0);
            ASSERT_EQ(image.size(), kSize);
            EXPECT_TRUE(near(image.pixelColor(2, 2), Qt::white, 8));
            EXPECT_TRUE(renderCurveChartSvg(input, kind, kSize).contains("<svg"));
        }
    }
    // Series whose latency is never known have nothing to show on the latency chart.
    QList<CurveSeries> noLatency = twoSeries();
    for (CurveSeries& s : noLatency) {
        for (CurvePoint& p : s.points)
            p.latencyKnown = false;
    }
    EXPECT_FALSE(LaidOutCurves(noLatency, CurveChartKind::Latency).chart->hasData());
    EXPECT_TRUE(LaidOutCurves(noLatency, CurveChartKind::Throughput).chart->hasData());
}

TEST(CurveExport, WritesPngAndSvg)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    QString error;
    const QString png = dir.filePath(u"throughput.png"_qs);
    ASSERT_TRUE(exportCurveChart(
        twoSeries(), CurveChartKind::Throughput, png, QSize(640, 400), 2.0, ExportFormat::Png, &error))
        << qPrintable(error);
    const QImage image(png);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), QSize(1280, 800));

    const QString svg = dir.filePath(u"latency.svg"_qs);
    ASSERT_TRUE(exportCurveChart(
        twoSeries(), CurveChartKind::Latency, svg, QSize(640, 400), 1.0, ExportFormat::Svg, &error))
        << qPrintable(error);
    QFile file(svg);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    EXPECT_TRUE(text.contains("<svg"));
    EXPECT_TRUE(text.contains("Latency vs throughput"));

    // The figure exporter's checks apply: a size out of range writes nothing.
    const QString tiny = dir.filePath(u"tiny.png"_qs);
    EXPECT_FALSE(exportCurveChart(
        twoSeries(), CurveChartKind::Throughput, tiny, QSize(4, 4), 1.0, ExportFormat::Png, &error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_FALSE(QFile::exists(tiny));
}
