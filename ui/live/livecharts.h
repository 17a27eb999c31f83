#pragma once

#include "metrics/summary.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointF>
#include <QWidget>

class QChart;
class QChartView;
class QGraphicsLineItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QValueAxis;
struct FigureTheme;

/// Two live line charts fed by LiveSnapshots: throughput (req/s) and latency (p50, p95, p99, ms),
/// against wall-clock seconds since clear(). Used by the Quick load and Run pages.
///
/// Each load (a snapshot's runId: one warm-up or scenario of a study) is a segment with its own
/// lines, so the time between loads shows as a gap; a dotted line marks where a segment starts and
/// the throughput chart names it (setSegmentLabel()). The latency axis follows the visible p99
/// values robustly (1.25 x their 90th percentile), so one spike does not flatten the rest; the
/// chart's title says how many points lie above the scale.
///
/// The history is bounded (maxPoints in all, 10 min at 4 Hz by default): older points and
/// segments fall off the left, so memory stays flat however long a study runs. Colours follow the
/// palette (figureTheme()), light or dark. GUI-thread only.
class LiveCharts : public QWidget
{
    Q_OBJECT
public:
    static constexpr int DefaultMaxPoints = 10 * 60 * 4;

    explicit LiveCharts(QWidget* parent = nullptr);
    ~LiveCharts() override;

    /// Forgets everything and restarts the wall clock.
    void clear();
    /// Adds @p snapshot at the wall-clock time now.
    void addSnapshot(const LiveSnapshot& snapshot);
    /// Adds @p snapshot at @p wallS seconds since clear() (for callers with their own clock, and tests).
    void addSnapshot(const LiveSnapshot& snapshot, double wallS);
    /// The label of the segment the next new runId starts, e.g. "fastapi-sqlite3 · hello".
    void setSegmentLabel(const QString& label);

    void setMaxPoints(int maxPoints);
    int maxPoints() const { return m_maxPoints; }
    /// Points held per series, over all segments (the same for all four).
    int pointCount() const;
    int segmentCount() const; ///< segments with points
    QString segmentLabel(int index) const;
    /// Latency points (any percentile) above the top of the latency axis.
    int latencyPointsAboveScale() const { return m_aboveScale; }

    /// The newest segment's lines.
    QLineSeries* rpsSeries() const;
    QLineSeries* latencySeries(int percentile) const; ///< 50, 95 or 99
    QChart* rpsChart() const;
    QChart* latencyChart() const;
    QValueAxis* latencyAxis() const { return m_latY; }
    QValueAxis* timeAxis() const { return m_rpsX; }

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Segment
    {
        quint64 runId = 0;
        QString label;
        QLineSeries* rps = nullptr;
        QLineSeries* p50 = nullptr;
        QLineSeries* p95 = nullptr;
        QLineSeries* p99 = nullptr;
        QList<QPointF> rpsPoints, p50Points, p95Points, p99Points;
        QGraphicsLineItem* rpsStart = nullptr;
        QGraphicsLineItem* latencyStart = nullptr;
        QGraphicsSimpleTextItem* caption = nullptr;
    };

    QChartView* makeView(const QString& title, const QString& unit, QValueAxis** x, QValueAxis** y);
    void appendSegment();
    void removeSegment(qsizetype index);
    void styleSegment(Segment& segment, const FigureTheme& theme);
    void applyTheme();
    void applyThemeTo(QChart* chart, const FigureTheme& theme);
    void trim();
    void updateSeries(const Segment& segment);
    void updateAxes();
    void layoutMarks();

    QChartView* m_rpsView = nullptr;
    QChartView* m_latencyView = nullptr;
    QValueAxis* m_rpsX = nullptr;
    QValueAxis* m_rpsY = nullptr;
    QValueAxis* m_latX = nullptr;
    QValueAxis* m_latY = nullptr;
    QList<Segment> m_segments; ///< oldest first; never empty (the last may have no points yet)
    QString m_nextLabel;
    QElapsedTimer m_clock;
    int m_maxPoints = DefaultMaxPoints;
    int m_aboveScale = 0;
    bool m_theming = false;
};
