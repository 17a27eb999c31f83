#pragma once

#include "results/aggregate.h"

#include <QAbstractTableModel>

/// Wraps exactly one Aggregates: one row per (scenario, stack), in plan order, with the numbers a
/// report needs (mean with its 95 % CI, percentiles, errors, server resources, client health).
/// setAggregates() is a full reset. GUI-thread only.
class AggregatesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        FigureColumn,
        ScenarioColumn,
        StackColumn,
        MeanColumn,
        CiColumn,
        RankColumn, ///< "1 a": the rank and letters within the figure
        RepetitionsColumn,
        CvColumn,
        P50Column,
        P90Column,
        P99Column,
        RequestsColumn,
        ErrorRateColumn,
        ServerCpuColumn,
        ServerRssColumn,
        ClientBoundColumn,
        StatusColumn,
        NotesColumn,
        NUM_COLUMNS
    };
    enum Role {
        SortRole = Qt::UserRole, ///< raw numbers for numeric columns, text otherwise
        FailedRole, ///< bool: no repetition has data
        ClientBoundRole, ///< bool
        NotesRole, ///< int: repetitions that are outliers or flagged
    };

    explicit AggregatesModel(QObject* parent = nullptr);

    void setAggregates(const Aggregates& aggregates);
    const Aggregates& aggregates() const { return m_data; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const StackAggregate& row, int column) const;
    QVariant sortValue(const StackAggregate& row, int column) const;
    QString toolTip(const StackAggregate& row) const;

    Aggregates m_data;
};
