#pragma once

#include "results/curves.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

/// A configuration sweep as a heat map: one column per stack, one row per configuration (workers ×
/// threads, then any other parameter), each cell the configuration's mean req/s ± half its 95 %
/// interval in the scenario picked, tinted by its share of the stack's highest. The best per stack
/// (bestConfigs(), in the scenario the rule uses) is marked ★, those its repetitions cannot tell
/// from it ≈ (rankConfigs()), and flagged repetitions ⚑ with their count; the tooltip gives the
/// repetitions' values, the flags and the p-value. GUI-thread only.
class ConfigGrid : public QWidget
{
    Q_OBJECT
public:
    explicit ConfigGrid(QWidget* parent = nullptr);

    /// Shows @p configs; @p bestScenario is the scenario bestConfigs() chooses in, shown first.
    void setConfigs(const QList<ConfigResult>& configs, const QString& bestScenario);
    /// The scenarios with configurations, in the combo box's order (the best's first).
    QStringList scenarios() const;
    void showScenario(const QString& scenario);
    QTableWidget* table() const { return m_table; }

private:
    void fill();

    QList<ConfigResult> m_configs;
    QString m_bestScenario;
    QComboBox* m_scenario;
    QLabel* m_note;
    QTableWidget* m_table;
};
