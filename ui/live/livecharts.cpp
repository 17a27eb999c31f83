#include "livecharts.h"

#include "common/uiutil.h"
#include "figures/figuretheme.h"

#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

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

/// Round ticks, and labels with just the decimals the tick interval needs.
void niceAxis(QValueAxis* axis, double min, double max)
{
    axis->setRange(min, max);
    axis->applyNiceNumbers();
    const double interval = (axis->max() - axis->min()) / std::max(1, axis->tickCount() - 1);
    const int decimals = interval >= 1 ? 0 : std::min(3, int(std::ceil(-std::log10(interval))));
    axis->setLabelFormat(u"%.%1f"_qs.arg(decimals));
}

double maxY(const QList<QPointF>& points)
{
    double m = 0;
    for (const QPointF& p : points)
        m = std::max(m, p.y());
    return m;
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
} // namespace

LiveCharts::LiveCharts(QWidget* parent)
    : QWidget(parent)
{
    m_rpsView = makeView(tr("Throughput"), tr("req/s"), &m_rpsX, &m_rpsY);
    m_latencyView = makeView(tr("Latency"), tr("ms"), &m_latX, &m_latY);
    m_rps = addLine(m_rpsView->chart(), tr("req/s"), m_rpsX, m_rpsY);
    m_p50 = addLine(m_latencyView->chart(), tr("p50"), m_latX, m_latY);
    m_p95 = addLine(m_latencyView->chart(), tr("p95"), m_latX, m_latY);
    m_p99 = addLine(m_latencyView->chart(), tr("p99"), m_latX, m_latY);
    m_rpsView->setToolTip(tr("Requests completed per second, per 250 ms window"));
    m_latencyView->setToolTip(tr("Latency percentiles per 250 ms window, in milliseconds"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_rpsView, 1);
    layout->addWidget(m_latencyView, 1);
    applyTheme();
    updateAxes();
}

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
    (*x)->setTitleText(tr("seconds"));
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

QLineSeries* LiveCharts::latencySeries(int percentile) const
{
    switch (percentile) {
    case 50: return m_p50;
    case 95: return m_p95;
    case 99: return m_p99;
    default: return nullptr;
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

void LiveCharts::clear()
{
    UiUtil::assertGuiThread(this);
    m_rpsPoints.clear();
    m_p50Points.clear();
    m_p95Points.clear();
    m_p99Points.clear();
    m_runId = 0;
    m_offset = 0;
    m_lastX = 0;
    updateSeries();
    updateAxes();
}

void LiveCharts::addSnapshot(const LiveSnapshot& s)
{
    UiUtil::assertGuiThread(this);
    if (s.runId != m_runId) {
        // A new run (the next scenario of a study) continues where the previous one stopped.
        m_runId = s.runId;
        m_offset = m_lastX;
    }
    const double x = m_offset + s.elapsedS;
    m_lastX = std::max(m_lastX, x);
    m_rpsPoints.append({ x, s.intervalRps });
    m_p50Points.append({ x, s.intervalP50Ms });
    m_p95Points.append({ x, s.intervalP95Ms });
    m_p99Points.append({ x, s.intervalP99Ms });
    trim();
    updateSeries();
    updateAxes();
}

void LiveCharts::setMaxPoints(int maxPoints)
{
    m_maxPoints = std::max(2, maxPoints);
    trim();
    updateSeries();
    updateAxes();
}

void LiveCharts::trim()
{
    const qsizetype excess = m_rpsPoints.size() - m_maxPoints;
    if (excess <= 0)
        return;
    for (QList<QPointF>* list : { &m_rpsPoints, &m_p50Points, &m_p95Points, &m_p99Points })
        list->remove(0, excess);
}

void LiveCharts::updateSeries()
{
    // replace() hands the series one list instead of a signal per point.
    m_rps->replace(m_rpsPoints);
    m_p50->replace(m_p50Points);
    m_p95->replace(m_p95Points);
    m_p99->replace(m_p99Points);
}

void LiveCharts::updateAxes()
{
    const double first = m_rpsPoints.isEmpty() ? 0 : std::floor(m_rpsPoints.first().x());
    const double last = m_rpsPoints.isEmpty() ? 10 : std::max(first + 10, std::ceil(m_rpsPoints.last().x()));
    for (QValueAxis* x : { m_rpsX, m_latX })
        niceAxis(x, first, last);
    niceAxis(m_rpsY, 0, niceCeiling(maxY(m_rpsPoints)));
    niceAxis(m_latY, 0, niceCeiling(std::max({ maxY(m_p50Points), maxY(m_p95Points), maxY(m_p99Points) })));
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
    const auto pen = [](const QColor& c) { return QPen(c, 2); };
    m_rps->setPen(pen(theme.seriesColor(0)));
    m_p50->setPen(pen(theme.seriesColor(2)));
    m_p95->setPen(pen(theme.seriesColor(1)));
    m_p99->setPen(pen(theme.paper));
    for (QChartView* view : { m_rpsView, m_latencyView })
        view->setBackgroundBrush(theme.background);
    m_theming = false;
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
