#pragma once

#include "metrics/summary.h"

#include <QList>
#include <QPointF>
#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;
struct FigureTheme;

/// Two live line charts fed by LiveSnapshots: throughput (req/s) and latency (p50, p95, p99, ms),
/// against seconds of load. Used by the Quick load and Run pages.
///
/// The history is bounded (maxPoints per series, 10 min at 4 Hz by default): older points fall off
/// the left, so memory stays flat however long a study runs. Snapshots of consecutive runs (a
/// study's scenarios) are drawn one after the other on one time axis. Colours follow the palette
/// (figureTheme()), light or dark. GUI-thread only.
class LiveCharts : public QWidget
{
    Q_OBJECT
public:
    static constexpr int DefaultMaxPoints = 10 * 60 * 4;

    explicit LiveCharts(QWidget* parent = nullptr);

    void clear();
    void addSnapshot(const LiveSnapshot& snapshot);

    void setMaxPoints(int maxPoints);
    int maxPoints() const { return m_maxPoints; }
    /// Points held per series (the same for all four).
    int pointCount() const { return int(m_rpsPoints.size()); }

    QLineSeries* rpsSeries() const { return m_rps; }
    QLineSeries* latencySeries(int percentile) const; ///< 50, 95 or 99
    QChart* rpsChart() const;
    QChart* latencyChart() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    QChartView* makeView(const QString& title, const QString& unit, QValueAxis** x, QValueAxis** y);
    void applyTheme();
    void applyThemeTo(QChart* chart, const FigureTheme& theme);
    void trim();
    void updateSeries();
    void updateAxes();

    QChartView* m_rpsView = nullptr;
    QChartView* m_latencyView = nullptr;
    QValueAxis* m_rpsX = nullptr;
    QValueAxis* m_rpsY = nullptr;
    QValueAxis* m_latX = nullptr;
    QValueAxis* m_latY = nullptr;
    QLineSeries* m_rps = nullptr;
    QLineSeries* m_p50 = nullptr;
    QLineSeries* m_p95 = nullptr;
    QLineSeries* m_p99 = nullptr;
    QList<QPointF> m_rpsPoints, m_p50Points, m_p95Points, m_p99Points;
    int m_maxPoints = DefaultMaxPoints;
    quint64 m_runId = 0;
    double m_offset = 0; ///< x of the current run's start
    double m_lastX = 0;
    bool m_theming = false;
};
