#pragma once

#include "results/aggregate.h"

#include <QDialog>

class QChart;
class QChartView;
class QComboBox;
class QTabWidget;

/// One scenario of a results folder in detail, for one stack (opened from a bar or a table row):
/// - Over time: the chosen signal (req/s, p50/p99, errors, active VUs, server and client CPU, each
///   worker's CPU) per repetition, all overlaid or one at a time;
/// - Percentiles: the latency spectrum of every stack of the scenario, pooled over its repetitions,
///   on HdrHistogram's 1/(1 − q) axis (0 %, 90 %, 99 %, 99.9 %, …);
/// - Histogram: the stack's latencies in log-spaced bins.
/// Each chart exports as PNG or SVG. Built from the folder in memory, on the GUI thread; non-modal.
class DrillDownDialog : public QDialog
{
    Q_OBJECT
public:
    DrillDownDialog(const ResultsFolder& folder, const Aggregates& aggregates, const QString& scenarioId,
        const QString& stack, QWidget* parent = nullptr);

    enum Tab { OverTime, Percentiles, HistogramTab };
    QChart* chart(Tab tab) const;
    QComboBox* signalBox() const { return m_signal; }
    QComboBox* repetitionBox() const { return m_repetition; }
    /// Writes the chart of @p tab to @p path, PNG or SVG by its suffix, at @p size logical pixels.
    bool exportChart(Tab tab, const QString& path, QSize size, QString* error = nullptr) const;

private:
    void buildOverTime();
    void buildPercentiles();
    void buildHistogram();
    void exportDialog();
    QList<const ScenarioRecord*> records(const QString& stack) const;

    ResultsFolder m_folder;
    Aggregates m_aggregates;
    QString m_scenario, m_stack;
    QTabWidget* m_tabs;
    QList<QChartView*> m_views; ///< by Tab
    QComboBox* m_signal;
    QComboBox* m_repetition;
};
