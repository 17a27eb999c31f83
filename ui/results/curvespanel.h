#pragma once

#include "results/curves.h"

#include <QWidget>

class QChartView;
class ConfigGrid;
class QComboBox;
class QLabel;
class QTableWidget;

/// The Results page's Curves tab, for a folder whose plan has sweeps: per swept scenario (picked in
/// a combo box) the three scalability charts — throughput against load with its CI band, latency
/// against throughput, error rate against load — with every stack's knee and plateau marked, and a
/// table of knees and plateaus; for parameter sweeps, a ConfigGrid of every configuration's req/s
/// with the best per stack marked. Either part is hidden when the folder has none of its kind. Charts are
/// built on the GUI thread from values the loader computed. GUI-thread only.
class CurvesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit CurvesPanel(QWidget* parent = nullptr);

    void setCurves(const Curves& curves);
    const Curves& curves() const { return m_curves; }
    bool isEmpty() const { return m_curves.series.isEmpty() && m_curves.configs.isEmpty(); }
    /// The scenarios with a load sweep, in the combo box's order.
    QStringList scenarios() const;
    /// The series of the scenario shown.
    QList<CurveSeries> shownSeries() const;
    QChartView* chartView(int kind) const { return m_views.value(kind); }
    QTableWidget* table() const { return m_table; } ///< knees and plateaus of the load sweeps
    ConfigGrid* configGrid() const { return m_grid; } ///< the configuration sweep's heat map
    QLabel* legend() const { return m_legend; }

public Q_SLOTS:
    /// Asks for a file and writes the three charts of the shown scenario (PNG or SVG, by its suffix).
    void exportDialog();

Q_SIGNALS:
    void statusMessage(const QString& message);

private:
    void showScenario();
    void fillTable();

    Curves m_curves;
    QComboBox* m_scenario;
    QLabel* m_summary;
    QLabel* m_legend; ///< one legend for the three charts, whose own legends have no room
    QList<QChartView*> m_views; ///< by CurveChartKind
    QTableWidget* m_table;
    QWidget* m_loadSweep; ///< the scenario picker, legend, charts and table: hidden without load sweeps
    ConfigGrid* m_grid;
};
