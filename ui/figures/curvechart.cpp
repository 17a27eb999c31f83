#include "curvechart.h"

#include <QAreaSeries>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QLogValueAxis>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace {

constexpr qreal OverlayZ = 20; // above the series, as in FigureChart

/// [0, a round number above @p max] with round ticks, labelled with the decimals their step needs.
void niceRange(QValueAxis* axis, double max)
{
    niceAxis(axis, 0, max > 0 ? max * 1.05 : 1.0);
}

QFont italic(QFont f)
{
    f.setItalic(true);
    f.setBold(false);
    return f;
}

qreal pixelSize(const QFont& f)
{
    return f.pixelSize() > 0 ? f.pixelSize() : QFontMetricsF(f).height() * 0.8;
}

void hideFromLegend(QLegend* legend, QAbstractSeries* series)
{
    for (QLegendMarker* marker : legend->markers(series))
        marker->setVisible(false);
}

} // namespace

QString curveSeriesName(const CurveSeries& s)
{
    return !s.label.isEmpty() ? s.label : s.stack;
}

QString curveChartTitle(CurveChartKind kind)
{
    switch (kind) {
    case CurveChartKind::Throughput:
        return u"Throughput vs load"_qs;
    case CurveChartKind::Latency:
        return u"Latency vs throughput"_qs;
    case CurveChartKind::ErrorRate:
        break;
    }
    return u"Error rate vs load"_qs;
}

CurveChart* buildCurveChart(const QList<CurveSeries>& curves, CurveChartKind kind, const FigureTheme& theme)
{
    return new CurveChart(curves, kind, theme);
}

CurveChart::CurveChart(
    const QList<CurveSeries>& curves, CurveChartKind kind, const FigureTheme& theme, QGraphicsItem* parent)
    : QChart(parent)
    , m_curves(curves)
    , m_kind(kind)
    , m_theme(theme)
{
    setAnimationOptions(QChart::NoAnimation);
    setBackgroundRoundness(0);
    // "6,000" on the axes, as on the figures. Set before any axis exists.
    setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    setLocalizeNumbers(true);
    createAxes();
    // Before any series: each marker then takes its series' look (a line, a dashed line, a circle).
    legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    buildSeries();
    buildAxes();
    applyTheme();
    connect(this, &QChart::plotAreaChanged, this, &CurveChart::layoutEmptyText);
}

CurveChart::~CurveChart() = default;

void CurveChart::layoutNow(const QSizeF& size)
{
    setGeometry(QRectF(QPointF(0, 0), size));
    for (int pass = 0; pass < 4 && layout() && !layout()->isActivated(); ++pass)
        layout()->activate();
}

std::optional<QPointF> CurveChart::valueOf(const CurvePoint& p) const
{
    QPointF value;
    switch (m_kind) {
    case CurveChartKind::Throughput:
        value = QPointF(p.x, p.rps);
        break;
    case CurveChartKind::Latency:
        if (!p.latencyKnown)
            return std::nullopt;
        value = QPointF(p.rps, p.p99Ms);
        break;
    case CurveChartKind::ErrorRate:
        value = QPointF(p.x, p.errorRate * 100);
        break;
    }
    if (!std::isfinite(value.x()) || !std::isfinite(value.y()))
        return std::nullopt;
    return value;
}

QLineSeries* CurveChart::addLine(const QString& name)
{
    auto* line = new QLineSeries(this);
    line->setName(name);
    addSeries(line);
    line->attachAxis(m_axisX);
    line->attachAxis(m_axisY);
    return line;
}

void CurveChart::buildSeries()
{
    // Bands first: series added later are drawn over earlier ones.
    for (int i = 0; i < m_curves.size(); ++i)
        addBand(i);
    for (int i = 0; i < m_curves.size(); ++i)
        addSeriesLines(i);
    addMarks();
}

void CurveChart::addBand(int index)
{
    const QList<CurvePoint>& points = m_curves.at(index).points;
    const bool anyCi = std::any_of(points.cbegin(), points.cend(),
        [](const CurvePoint& p) { return p.rpsCiKnown && std::isfinite(p.rpsLo) && std::isfinite(p.rpsHi); });
    if (m_kind != CurveChartKind::Throughput || !anyCi) {
        m_bands.append(nullptr);
        return;
    }
    // QAreaSeries does not own its lines: the chart does.
    auto* upper = new QLineSeries(this);
    auto* lower = new QLineSeries(this);
    for (const CurvePoint& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.rps))
            continue;
        const bool known = p.rpsCiKnown && std::isfinite(p.rpsLo) && std::isfinite(p.rpsHi);
        upper->append(p.x, known ? p.rpsHi : p.rps);
        lower->append(p.x, known ? p.rpsLo : p.rps);
    }
    auto* band = new QAreaSeries(upper, lower);
    band->setParent(this);
    band->setName(curveSeriesName(m_curves.at(index)) + u" 95% CI"_qs);
    addSeries(band);
    band->attachAxis(m_axisX);
    band->attachAxis(m_axisY);
    hideFromLegend(legend(), band);
    m_bands.append(band);
}

void CurveChart::addSeriesLines(int index)
{
    const CurveSeries& s = m_curves.at(index);
    const bool latency = m_kind == CurveChartKind::Latency;
    QLineSeries* p50 = latency ? addLine(curveSeriesName(s) + u" p50"_qs) : nullptr;
    QLineSeries* line = addLine(latency ? QString(curveSeriesName(s) + u" p99"_qs) : curveSeriesName(s));
    for (const CurvePoint& p : s.points) {
        const std::optional<QPointF> value = valueOf(p);
        if (!value)
            continue;
        line->append(*value);
        if (p50 && std::isfinite(p.p50Ms))
            p50->append(p.rps, p.p50Ms);
    }
    m_hasData = m_hasData || line->count() > 0;
    if (line->count() == 0) {
        // Nothing to show for this series here (no latency measured): no legend entry either.
        hideFromLegend(legend(), line);
        if (p50)
            hideFromLegend(legend(), p50);
    }
    m_lines.append(line);
    m_p50Lines.append(p50);
}

void CurveChart::addMarks()
{
    QList<QPointF> knees, plateaus;
    const auto collect = [this](const std::optional<CurvePoint>& mark, QList<QPointF>& into) {
        const std::optional<QPointF> value = mark ? valueOf(*mark) : std::nullopt;
        if (value)
            into.append(*value);
    };
    for (const CurveSeries& s : std::as_const(m_curves)) {
        collect(s.knee, knees);
        collect(s.plateau, plateaus);
    }
    const auto addScatter = [this](const QString& name, const QList<QPointF>& points) {
        auto* scatter = new QScatterSeries(this);
        scatter->setName(name);
        scatter->append(points);
        addSeries(scatter);
        scatter->attachAxis(m_axisX);
        scatter->attachAxis(m_axisY);
        return scatter;
    };
    if (!knees.isEmpty())
        m_knees = addScatter(u"knee"_qs, knees);
    if (!plateaus.isEmpty())
        m_plateaus = addScatter(u"plateau"_qs, plateaus);
}

std::pair<double, double> CurveChart::xExtent() const
{
    double minX = qInf(), maxX = 0;
    for (const CurveSeries& s : m_curves) {
        for (const CurvePoint& p : s.points) {
            if (const std::optional<QPointF> v = valueOf(p)) {
                minX = std::min(minX, v->x());
                maxX = std::max(maxX, v->x());
            }
        }
    }
    return { minX, maxX };
}

void CurveChart::createAxes()
{
    const auto [minX, maxX] = xExtent();
    if (m_kind != CurveChartKind::Latency && minX > 0 && maxX / minX >= LogLoadSpan)
        m_axisX = new QLogValueAxis(this);
    else
        m_axisX = new QValueAxis(this);
    m_axisY = new QValueAxis(this);
    addAxis(m_axisX, Qt::AlignBottom);
    addAxis(m_axisY, Qt::AlignLeft);
}

bool CurveChart::logLoadAxis() const
{
    return qobject_cast<QLogValueAxis*>(m_axisX) != nullptr;
}

void CurveChart::buildAxes()
{
    const auto [minX, maxX] = xExtent();
    double maxY = 0, maxBand = 0;
    for (int i = 0; i < m_curves.size(); ++i) {
        for (const CurvePoint& p : m_curves.at(i).points) {
            const std::optional<QPointF> v = valueOf(p);
            if (!v)
                continue;
            maxY = std::max(maxY, v->y());
            if (m_bands.at(i) && p.rpsCiKnown && std::isfinite(p.rpsHi))
                maxBand = std::max(maxBand, p.rpsHi);
        }
    }
    if (auto* logAxis = qobject_cast<QLogValueAxis*>(m_axisX)) {
        // A quarter of a step of margin each side, so the end points' marks are not cut in half;
        // powers of 10 with minor grid lines at 2…9 times, or powers of 2 when fewer than three
        // powers of 10 would be labelled (16 to 512 VUs).
        logAxis->setRange(minX / 1.25, maxX * 1.25);
        const int decades
            = int(std::floor(std::log10(maxX * 1.25))) - int(std::ceil(std::log10(minX / 1.25))) + 1;
        logAxis->setBase(decades >= 3 ? 10 : 2);
        logAxis->setMinorTickCount(decades >= 3 ? 8 : 0);
        // With every load ≥ 1 the first tick is 1 or more, so ticks are whole. (Localised numbers ignore
        // "%g": the labels would vanish.)
        logAxis->setLabelFormat(minX >= 1 ? u"%.0f"_qs : u"%.2f"_qs);
    } else {
        auto* linear = static_cast<QValueAxis*>(m_axisX);
        niceRange(linear, maxX);
        linear->setMinorTickCount(0);
    }
    // The lines set the scale. A band may widen it by half, no more: the interval of a point whose
    // repetitions disagree wildly (3, 52 and 62 req/s) reaches far past every line and would
    // flatten them all; what lies beyond is clipped at the plot's edge.
    if (m_kind == CurveChartKind::ErrorRate && maxY > 50)
        niceAxis(m_axisY, 0, 100); // a percentage: no 150 % at the top
    else
        niceRange(m_axisY, std::max(maxY, std::min(maxBand, 1.5 * maxY)));
    m_axisY->setMinorTickCount(0);
    m_axisX->setTitleText(xAxisTitle());
    m_axisY->setTitleText(yAxisTitle());
    setTitle(curveChartTitle(m_kind));
    if (!m_curves.isEmpty()) {
        const QString scenario = m_curves.first().scenario;
        const bool oneScenario = std::all_of(m_curves.cbegin(), m_curves.cend(),
            [&scenario](const CurveSeries& s) { return s.scenario == scenario; });
        if (oneScenario && !scenario.isEmpty())
            setTitle(title() + u" · "_qs + scenario);
    }
    if (!m_hasData) {
        // An empty 0-1 scale would only suggest data; the "No data" note says it all.
        for (QAbstractAxis* axis : { m_axisX, static_cast<QAbstractAxis*>(m_axisY) }) {
            axis->setLabelsVisible(false);
            axis->setTitleVisible(false);
        }
        legend()->setVisible(false);
        m_emptyText = new QGraphicsSimpleTextItem(u"No data"_qs, this);
        m_emptyText->setZValue(OverlayZ);
    }
}

QString CurveChart::xAxisTitle() const
{
    if (m_kind == CurveChartKind::Latency)
        return u"Throughput (req/s)"_qs;
    QString axis;
    for (const CurveSeries& s : m_curves) {
        if (!axis.isEmpty() && s.axis != axis)
            return u"Load"_qs; // series swept along different axes
        axis = s.axis;
    }
    if (axis == u"vus"_qs)
        return u"Virtual users"_qs;
    if (axis == u"rate"_qs)
        return u"Offered rate (req/s)"_qs;
    if (axis == u"iterations"_qs)
        return u"Iterations"_qs;
    return u"Load"_qs;
}

QString CurveChart::yAxisTitle() const
{
    switch (m_kind) {
    case CurveChartKind::Throughput:
        return u"Throughput (req/s)"_qs;
    case CurveChartKind::Latency:
        return u"Latency (ms)"_qs;
    case CurveChartKind::ErrorRate:
        break;
    }
    return u"Errors (% of requests)"_qs;
}

qreal CurveChart::lineWidth() const
{
    return std::max(1.5, pixelSize(m_theme.font) / 6.5);
}

void CurveChart::applyTheme()
{
    const FigureTheme& t = m_theme;
    setBackgroundBrush(t.background);
    setBackgroundPen(Qt::NoPen);
    setPlotAreaBackgroundBrush(t.plotBackground);
    setPlotAreaBackgroundVisible(true);
    const int pad = qRound(pixelSize(t.font));
    setMargins(QMargins(pad, pad / 2, pad, pad / 2));
    setTitleFont(t.titleFont());
    setTitleBrush(t.text);

    for (QAbstractAxis* axis : { m_axisX, static_cast<QAbstractAxis*>(m_axisY) }) {
        axis->setLabelsFont(t.axisFont());
        axis->setLabelsBrush(t.mutedText);
        axis->setTitleFont(t.axisFont());
        axis->setTitleBrush(t.text);
        axis->setLinePen(QPen(t.axisLine, 1));
        axis->setGridLinePen(QPen(t.grid, 1));
        axis->setShadesVisible(false);
    }

    legend()->setAlignment(Qt::AlignTop);
    legend()->setFont(t.axisFont());
    legend()->setLabelColor(t.text);
    legend()->setBrush(Qt::NoBrush);
    legend()->setPen(Qt::NoPen);

    const qreal width = lineWidth();
    for (int i = 0; i < m_lines.size(); ++i) {
        const QColor colour = t.seriesColor(i);
        m_lines.at(i)->setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        m_lines.at(i)->setPointsVisible(true);
        m_lines.at(i)->setMarkerSize(width * 3);
        if (QLineSeries* p50 = m_p50Lines.at(i)) {
            p50->setPen(QPen(colour, width, Qt::DashLine, Qt::FlatCap, Qt::RoundJoin));
            p50->setPointsVisible(true);
            p50->setMarkerSize(width * 2.5);
        }
        if (QAreaSeries* band = m_bands.at(i)) {
            QColor fill = colour;
            fill.setAlpha(t.dark ? 80 : 56);
            band->setBrush(fill);
            band->setPen(Qt::NoPen);
        }
    }
    // The knee's circle is larger than the plateau's diamond: where both mark one point, the
    // circle's rim shows around the diamond.
    const auto styleMarks = [&](QScatterSeries* marks, const QColor& fill, QScatterSeries::MarkerShape shape,
                                qreal size) {
        if (!marks)
            return;
        marks->setMarkerShape(shape);
        marks->setMarkerSize(size);
        marks->setBrush(fill);
        marks->setPen(QPen(t.background, std::max(1.0, width / 2))); // a ring that parts it from the line
    };
    styleMarks(m_knees, t.paper, QScatterSeries::MarkerShapeCircle, width * 7);
    styleMarks(m_plateaus, t.warning, QScatterSeries::MarkerShapeRotatedRectangle, width * 5);
    for (QLegendMarker* marker : legend()->markers())
        marker->setLabelBrush(t.text);

    if (m_emptyText) {
        m_emptyText->setFont(italic(t.font));
        m_emptyText->setBrush(t.mutedText);
    }
}

void CurveChart::layoutEmptyText()
{
    if (!m_emptyText)
        return;
    const QRectF r = m_emptyText->boundingRect();
    m_emptyText->setPos(plotArea().center() - QPointF(r.width() / 2, r.height() / 2));
}

QPointF CurveChart::pointPosition(int series, int point) const
{
    if (plotArea().isEmpty() || series < 0 || series >= m_curves.size())
        return {};
    const QList<CurvePoint>& points = m_curves.at(series).points;
    if (point < 0 || point >= points.size())
        return {};
    const std::optional<QPointF> value = valueOf(points.at(point));
    if (!value)
        return {};
    // QChart::mapToPosition is not const, though it only reads.
    return const_cast<CurveChart*>(this)->mapToPosition(*value, m_lines.at(series));
}

QLineSeries* CurveChart::line(int series) const
{
    return m_lines.value(series, nullptr);
}

QLineSeries* CurveChart::p50Line(int series) const
{
    return m_p50Lines.value(series, nullptr);
}

QAreaSeries* CurveChart::band(int series) const
{
    return m_bands.value(series, nullptr);
}

QImage renderCurveChart(
    const QList<CurveSeries>& curves, CurveChartKind kind, QSize size, qreal scale, const FigureTheme* theme)
{
    return renderChart(
        [&](const FigureTheme& t) { return buildCurveChart(curves, kind, t); }, size, scale, theme);
}

QByteArray renderCurveChartSvg(
    const QList<CurveSeries>& curves, CurveChartKind kind, QSize size, const FigureTheme* theme)
{
    return renderChartSvg([&](const FigureTheme& t) { return buildCurveChart(curves, kind, t); }, size,
        curveChartTitle(kind), QString(), theme);
}

bool exportCurveChart(const QList<CurveSeries>& curves, CurveChartKind kind, const QString& path, QSize size,
    qreal scale, ExportFormat format, QString* error)
{
    return exportChart([&](const FigureTheme& t) { return buildCurveChart(curves, kind, t); }, path, size,
        scale, format, curveChartTitle(kind), QString(), error);
}
