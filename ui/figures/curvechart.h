#pragma once

#include "figureexport.h"
#include "figuretheme.h"
#include "results/curves.h"

#include <QChart>
#include <QList>
#include <QPointF>
#include <optional>
#include <utility>

class QAbstractAxis;
class QAreaSeries;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

/// The three charts of a sweep's scalability curves.
enum class CurveChartKind {
    Throughput, ///< req/s against the swept load, the 95 % CI as a band where known
    Latency, ///< p50 (dashed) and p99 (solid) against req/s, for the points whose latency is known
    ErrorRate, ///< errors in % of requests against the swept load
};

/// "Throughput vs load", "Latency vs throughput" or "Error rate vs load".
QString curveChartTitle(CurveChartKind kind);
/// The name a series goes by in legends: its label, else its stack id.
QString curveSeriesName(const CurveSeries& s);

/// One chart of scalability curves: a line per CurveSeries in the theme's series colours, with
/// every measured point marked, and each series' knee (a red circle) and plateau (an amber diamond)
/// where analyseCurve() found one. The throughput chart draws each series' 95 % CI as a band where
/// any point's CI is known (points without one narrow it to their mean); the latency chart draws
/// p99 solid and p50 dashed, leaving out points whose latency is unknown. A load spanning
/// LogLoadSpan times or more is drawn on a base-10 logarithmic axis (base 2 below three decades). An empty
/// list, or one with nothing to draw, shows "No data".
///
/// Built once from its data, like FigureChart: build a new chart for new data. It has no
/// animations, so it renders correctly as soon as it has a geometry; it needs a QApplication and
/// lives on the GUI thread.
class CurveChart : public QChart
{
    Q_OBJECT
public:
    CurveChart(const QList<CurveSeries>& curves, CurveChartKind kind, const FigureTheme& theme,
        QGraphicsItem* parent = nullptr);
    ~CurveChart() override;

    CurveChartKind kind() const { return m_kind; }
    const QList<CurveSeries>& curves() const { return m_curves; }
    /// false when nothing is drawn (and "No data" is shown instead)
    bool hasData() const { return m_hasData; }

    /// Sets the geometry and completes the layout synchronously (no event loop needed), for
    /// offscreen rendering. Views need not call it.
    void layoutNow(const QSizeF& size);

    /// What point @p point of a series is drawn at, in the axes' values: (load, req/s) for
    /// Throughput, (req/s, p99 ms) for Latency, (load, error %) for ErrorRate; nullopt for a point
    /// the chart leaves out (Latency: latency unknown; any: not finite).
    std::optional<QPointF> valueOf(const CurvePoint& point) const;
    /// Where point @p point of series @p series is drawn, in chart coordinates; null for a point left
    /// out, out of range, or before the chart has a geometry.
    QPointF pointPosition(int series, int point) const;

    QLineSeries* line(int series) const; ///< req/s, p99 or error % of a series; nullptr out of range
    QLineSeries* p50Line(int series) const; ///< Latency only; nullptr otherwise
    QAreaSeries* band(int series) const; ///< Throughput with a CI known; nullptr otherwise
    QScatterSeries* kneeMarks() const { return m_knees; } ///< nullptr when no series has a knee drawn
    QScatterSeries* plateauMarks() const { return m_plateaus; } ///< nullptr when none is drawn
    /// The load (or, for Latency, req/s) axis: a QLogValueAxis when logLoadAxis(), else a QValueAxis.
    QAbstractAxis* axisX() const { return m_axisX; }
    /// Whether the load is drawn on a logarithmic axis: the loads span LogLoadSpan times or more
    /// (1 to 400 VUs; on a linear axis the points up to 50 crowd into its first eighth).
    bool logLoadAxis() const;
    static constexpr double LogLoadSpan = 20;
    QValueAxis* axisY() const { return m_axisY; }

private:
    void buildSeries();
    void addSeriesLines(int index);
    void addBand(int index);
    void addMarks();
    std::pair<double, double> xExtent() const; ///< smallest and largest x drawn; (inf, 0) if none
    void createAxes();
    void buildAxes();
    void applyTheme();
    void layoutEmptyText();
    QLineSeries* addLine(const QString& name);
    QString xAxisTitle() const;
    QString yAxisTitle() const;
    qreal lineWidth() const;

    QList<CurveSeries> m_curves;
    CurveChartKind m_kind;
    FigureTheme m_theme;
    bool m_hasData = false;
    QList<QLineSeries*> m_lines; ///< per series
    QList<QLineSeries*> m_p50Lines; ///< per series, Latency only
    QList<QAreaSeries*> m_bands; ///< per series, nullptr without a band
    QScatterSeries* m_knees = nullptr;
    QScatterSeries* m_plateaus = nullptr;
    QAbstractAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    QGraphicsSimpleTextItem* m_emptyText = nullptr;
};

/// Builds the chart for @p curves. The caller owns the result (QChartView::setChart takes it).
CurveChart* buildCurveChart(const QList<CurveSeries>& curves, CurveChartKind kind, const FigureTheme& theme);

/// The chart rendered offscreen as renderFigure() renders a figure: @p size logical pixels times
/// @p scale, with @p theme or exportFigureTheme(size). Needs a QApplication, on the GUI thread.
QImage renderCurveChart(const QList<CurveSeries>& curves, CurveChartKind kind, QSize size, qreal scale,
    const FigureTheme* theme = nullptr);

/// The chart as an SVG document of @p size, titled curveChartTitle(kind).
QByteArray renderCurveChartSvg(
    const QList<CurveSeries>& curves, CurveChartKind kind, QSize size, const FigureTheme* theme = nullptr);

/// Writes the chart to @p path as exportFigure() writes a figure (PNG of size x scale pixels or SVG of
/// @p size, light export theme, atomic replacement); false and @p error on failure.
bool exportCurveChart(const QList<CurveSeries>& curves, CurveChartKind kind, const QString& path, QSize size,
    qreal scale, ExportFormat format, QString* error = nullptr);
