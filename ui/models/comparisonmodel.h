#pragma once

#include "results/comparison.h"

#include <QAbstractTableModel>

/// Wraps exactly one FolderComparison: one row per (scenario, stack) of two result sets, with both
/// means, the change in % and the verdict (Welch's t-test, Holm-adjusted over the rows).
/// setComparison() is a full reset. GUI-thread only.
class ComparisonModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        FigureColumn,
        ScenarioColumn,
        StackColumn,
        BeforeColumn,
        AfterColumn,
        ChangeColumn,
        VerdictColumn,
        PHolmColumn,
        NUM_COLUMNS
    };
    enum Role {
        SortRole = Qt::UserRole, ///< raw numbers for numeric columns, text otherwise
    };

    explicit ComparisonModel(QObject* parent = nullptr);

    /// @p names: the two sets as the figures name them, before then after.
    void setComparison(const FolderComparison& comparison, const QStringList& names);
    const FolderComparison& comparison() const { return m_data; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const RowChange& row, int column) const;
    QVariant sortValue(const RowChange& row, int column) const;

    FolderComparison m_data;
    QStringList m_names;
};
