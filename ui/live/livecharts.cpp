#include "livecharts.h"

#include "common/uiutil.h"
#include "figures/figuretheme.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace {
/// A round upper bound for an axis: 1, 2, 2.5, 5 x 10^n above @p value (with some headroom).
double niceCeiling(double value)
{
    if (value <= 0)
        return 1;
    value *= 1.1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

/// The nearest-rank quantile @p q of @p values (Hyndman and Fan 1996, definition 1), 0 when empty.
double quantile(QList<double> values, double q)
{
    if (values.isEmpty())
        return 0;
    const auto rank = qsizetype(std::ceil(q * double(values.size()))) - 1;
    const auto nth = values.begin() + std::clamp<qsizetype>(rank, 0, values.size() - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

QLineSeries* addLine(QChart* chart, const QString& name, QValueAxis* x, QValueAxis* y)
{
    auto* series = new QLineSeries(chart);
    series->setName(name);
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
    return series;
}

void hideFromLegend(QChart* chart, QLineSeries* series)
{
    for (QLegendMarker* marker : chart->legend()->markers(series))
        marker->setVisible(false);
}
} // namespace

LiveCharts::LiveCharts(QWidget* parent)
    : QWidget(parent)
{
    m_rpsView = makeView(tr("Throughput"), tr("req/s"), &m_rpsX, &m_rpsY);
    m_latencyView = makeView(tr("Latency"), tr("ms"), &m_latX, &m_latY);
    m_rpsView->setToolTip(
        tr("Requests completed per second, per 250 ms window; one line per load, named at its start"));
    m_latencyView->setToolTip(
        tr("Latency percentiles per 250 ms window, in milliseconds; the scale follows the "
           "typical p99, and the title counts spikes above it"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_rpsView, 1);
    layout->addWidget(m_latencyView, 1);
    appendSegment();
    for (QChartView* view : { m_rpsView, m_latencyView })
        connect(view->chart(), &QChart::plotAreaChanged, this, &LiveCharts::layoutMarks);
    m_clock.start();
    applyTheme();
    updateAxes();
}

LiveCharts::~LiveCharts() = default;

QChartView* LiveCharts::makeView(const QString& title, const QString& unit, QValueAxis** x, QValueAxis** y)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 8, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignRight);
    *x = new QValueAxis(chart);
    (*x)->setTitleText(tr("seconds since start (wall clock)"));
    (*x)->setLabelFormat(u"%.0f"_qs);
    *y = new QValueAxis(chart);
    (*y)->setTitleText(unit);
    (*y)->setLabelFormat(u"%.4g"_qs);
    chart->addAxis(*x, Qt::AlignBottom);
    chart->addAxis(*y, Qt::AlignLeft);
    auto* view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(140);
    view->setFrameShape(QFrame::NoFrame);
    return view;
}

void LiveCharts::appendSegment()
{
    Segment s;
    s.rps = addLine(rpsChart(), tr("req/s"), m_rpsX, m_rpsY);
    s.p50 = addLine(latencyChart(), tr("p50"), m_latX, m_latY);
    s.p95 = addLine(latencyChart(), tr("p95"), m_latX, m_latY);
    s.p99 = addLine(latencyChart(), tr("p99"), m_latX, m_latY);
    s.rpsStart = new QGraphicsLineItem(rpsChart());
    s.latencyStart = new QGraphicsLineItem(latencyChart());
    s.caption = new QGraphicsSimpleTextItem(rpsChart());
    for (QGraphicsItem* item :
        std::initializer_list<QGraphicsItem*> { s.rpsStart, s.latencyStart, s.caption }) {
        item->setZValue(10);
        item->hide();
    }
    // The legend names each line once: the newest segment's.
    for (const Segment& old : std::as_const(m_segments)) {
        hideFromLegend(rpsChart(), old.rps);
        for (QLineSeries* line : { old.p50, old.p95, old.p99 })
            hideFromLegend(latencyChart(), line);
    }
    m_segments.append(s);
    if (m_rpsView && !m_theming) {
        FigureTheme theme = figureTheme(palette());
        theme.font = font();
        styleSegment(m_segments.last(), theme);
    }
}

void LiveCharts::removeSegment(qsizetype index)
{
    const Segment s = m_segments.takeAt(index);
    rpsChart()->removeSeries(s.rps);
    for (QLineSeries* line : { s.p50, s.p95, s.p99 })
        latencyChart()->removeSeries(line);
    for (QObject* o : std::initializer_list<QObject*> { s.rps, s.p50, s.p95, s.p99 })
        delete o;
    delete s.rpsStart;
    delete s.latencyStart;
    delete s.caption;
}

QLineSeries* LiveCharts::rpsSeries() const
{
    return m_segments.last().rps;
}

QLineSeries* LiveCharts::latencySeries(int percentile) const
{
    const Segment& s = m_segments.last();
    switch (percentile) {
    case 50:
        return s.p50;
    case 95:
        return s.p95;
    case 99:
        return s.p99;
    default:
        return nullptr;
    }
}

QChart* LiveCharts::rpsChart() const
{
    return m_rpsView->chart();
}

QChart* LiveCharts::latencyChart() const
{
    return m_latencyView->chart();
}

int LiveCharts::pointCount() const
{
    int n = 0;
    for (const Segment& s : m_segments)
        n += int(s.rpsPoints.size());
    return n;
}

int LiveCharts::segmentCount() const
{
    return int(std::count_if(
        m_segments.cbegin(), m_segments.cend(), [](const Segment& s) { return !s.rpsPoints.isEmpty(); }));
}

QString LiveCharts::segmentLabel(int index) const
{
    for (const Segment& s : m_segments)
        if (!s.rpsPoints.isEmpty() && index-- == 0)
            return s.label;
    return {};
}

void LiveCharts::setSegmentLabel(const QString& label)
{
    m_nextLabel = label;
}

void LiveCharts::clear()
{
    UiUtil::assertGuiThread(this);
    while (m_segments.size() > 1)
        removeSegment(0);
    Segment& s = m_segments.last();
    s.runId = 0;
    s.label.clear();
    for (QList<QPointF>* list : { &s.rpsPoints, &s.p50Points, &s.p95Points, &s.p99Points })
        list->clear();
    m_nextLabel.clear();
    m_clock.restart();
    updateSeries(s);
    updateAxes();
}

void LiveCharts::addSnapshot(const LiveSnapshot& s)
{
    addSnapshot(s, double(m_clock.nsecsElapsed()) / 1e9);
}

void LiveCharts::addSnapshot(const LiveSnapshot& s, double wallS)
{
    UiUtil::assertGuiThread(this);
    if (s.runId != m_segments.last().runId) {
        if (!m_segments.last().rpsPoints.isEmpty())
            appendSegment(); // the next load: its own lines, so the time between shows as a gap
        m_segments.last().runId = s.runId;
        m_segments.last().label = m_nextLabel;
        m_segments.last().caption->setText(m_nextLabel);
    }
    Segment& seg = m_segments.last();
    seg.rpsPoints.append({ wallS, s.intervalRps });
    seg.p50Points.append({ wallS, s.intervalP50Ms });
    seg.p95Points.append({ wallS, s.intervalP95Ms });
    seg.p99Points.append({ wallS, s.intervalP99Ms });
    trim();
    updateSeries(m_segments.last());
    updateAxes();
}

void LiveCharts::setMaxPoints(int maxPoints)
{
    m_maxPoints = std::max(2, maxPoints);
    trim();
    updateSeries(m_segments.last());
    updateAxes();
}

void LiveCharts::trim()
{
    qsizetype excess = pointCount() - m_maxPoints;
    while (excess > 0) {
        Segment& oldest = m_segments.first();
        const qsizetype n = std::min(excess, oldest.rpsPoints.size());
        for (QList<QPointF>* list :
            { &oldest.rpsPoints, &oldest.p50Points, &oldest.p95Points, &oldest.p99Points })
            list->remove(0, n);
        excess -= n;
        if (oldest.rpsPoints.isEmpty() && m_segments.size() > 1)
            removeSegment(0);
        else
            updateSeries(oldest);
    }
}

void LiveCharts::updateSeries(const Segment& s)
{
    // replace() hands the series one list instead of a signal per point.
    s.rps->replace(s.rpsPoints);
    s.p50->replace(s.p50Points);
    s.p95->replace(s.p95Points);
    s.p99->replace(s.p99Points);
}

void LiveCharts::updateAxes()
{
    double first = 0;
    double last = 0;
    double rpsMax = 0;
    bool any = false;
    QList<double> p99;
    for (const Segment& s : std::as_const(m_segments)) {
        if (s.rpsPoints.isEmpty())
            continue;
        first = any ? std::min(first, s.rpsPoints.first().x()) : s.rpsPoints.first().x();
        last = std::max(last, s.rpsPoints.last().x());
        any = true;
        for (const QPointF& p : s.rpsPoints)
            rpsMax = std::max(rpsMax, p.y());
        for (const QPointF& p : s.p99Points)
            p99.append(p.y());
    }
    first = std::floor(first);
    for (QValueAxis* x : { m_rpsX, m_latX })
        niceAxis(x, first, std::max(first + 10, std::ceil(last)));
    niceAxis(m_rpsY, 0, niceCeiling(rpsMax));
    // One spike must not flatten the rest: the scale follows the typical p99, not the largest.
    niceAxis(m_latY, 0, niceCeiling(1.25 * quantile(p99, 0.9)));
    m_aboveScale = 0;
    double highest = 0;
    for (const Segment& s : std::as_const(m_segments))
        for (const QList<QPointF>* list : { &s.p50Points, &s.p95Points, &s.p99Points })
            for (const QPointF& p : *list) {
                highest = std::max(highest, p.y());
                m_aboveScale += p.y() > m_latY->max() ? 1 : 0;
            }
    latencyChart()->setTitle(m_aboveScale == 0
            ? tr("Latency")
            : tr("Latency · %n point(s) above the scale, up to %1 ms", nullptr, m_aboveScale)
                  .arg(UiUtil::formatNumber(highest)));
    layoutMarks();
}

void LiveCharts::layoutMarks()
{
    QChart* rps = rpsChart();
    const QRectF plot = rps->plotArea();
    const QRectF latencyPlot = latencyChart()->plotArea();
    const QFontMetricsF metrics(m_segments.first().caption->font());
    for (qsizetype i = 0; i < m_segments.size(); ++i) {
        Segment& s = m_segments[i];
        const bool shown = !s.rpsPoints.isEmpty() && !plot.isEmpty();
        s.rpsStart->setVisible(shown);
        s.latencyStart->setVisible(shown);
        s.caption->setVisible(shown && !s.label.isEmpty());
        if (!shown)
            continue;
        const double x0 = s.rpsPoints.first().x();
        const qreal px = rps->mapToPosition(QPointF(x0, 0), s.rps).x();
        const qreal latencyPx = latencyChart()->mapToPosition(QPointF(x0, 0), s.p99).x();
        s.rpsStart->setLine(px, plot.top(), px, plot.bottom());
        s.latencyStart->setLine(latencyPx, latencyPlot.top(), latencyPx, latencyPlot.bottom());
        // A caption may use the width up to the next segment's start.
        qreal room = plot.right() - px - 4;
        if (i + 1 < m_segments.size() && !m_segments.at(i + 1).rpsPoints.isEmpty())
            room = rps->mapToPosition(QPointF(m_segments.at(i + 1).rpsPoints.first().x(), 0), s.rps).x() - px
                - 6;
        const QString text = metrics.elidedText(s.label, Qt::ElideRight, room);
        s.caption->setText(text);
        s.caption->setVisible(s.caption->isVisible() && room >= 24 && !text.isEmpty());
        s.caption->setPos(px + 3, plot.top() + 1);
    }
}

void LiveCharts::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyTheme();
}

void LiveCharts::applyTheme()
{
    if (m_theming || !m_rpsView || !m_latencyView)
        return;
    m_theming = true;
    FigureTheme theme = figureTheme(palette());
    theme.font = font();
    applyThemeTo(rpsChart(), theme);
    applyThemeTo(latencyChart(), theme);
    for (Segment& s : m_segments)
        styleSegment(s, theme);
    for (QChartView* view : { m_rpsView, m_latencyView })
        view->setBackgroundBrush(theme.background);
    m_theming = false;
}

void LiveCharts::styleSegment(Segment& s, const FigureTheme& theme)
{
    const auto pen = [](const QColor& c) { return QPen(c, 2); };
    s.rps->setPen(pen(theme.seriesColor(0)));
    s.p50->setPen(pen(theme.seriesColor(2)));
    s.p95->setPen(pen(theme.seriesColor(1)));
    s.p99->setPen(pen(theme.paper));
    const QPen start(theme.mutedText, 1, Qt::DotLine);
    s.rpsStart->setPen(start);
    s.latencyStart->setPen(start);
    s.caption->setBrush(theme.mutedText);
    s.caption->setFont(theme.axisFont());
}

void LiveCharts::applyThemeTo(QChart* chart, const FigureTheme& theme)
{
    chart->setBackgroundBrush(theme.background);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundBrush(theme.plotBackground);
    chart->setPlotAreaBackgroundVisible(true);
    chart->setTitleBrush(theme.text);
    QFont title = theme.font;
    title.setBold(true);
    chart->setTitleFont(title);
    chart->legend()->setLabelColor(theme.text);
    chart->legend()->setFont(theme.axisFont());
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(theme.mutedText);
        axis->setLabelsFont(theme.axisFont());
        axis->setTitleBrush(theme.mutedText);
        axis->setTitleFont(theme.axisFont());
        axis->setGridLineColor(theme.grid);
        axis->setLinePenColor(theme.axisLine);
        axis->setMinorGridLineVisible(false);
    }
}
